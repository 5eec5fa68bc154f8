import CustodianCore
import Foundation

/// One of the platform's services: a website, an app or a server that collects data.
public struct PlatformService: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case web, ios, android, server
    }

    public var id: String
    public var name: String
    public var kind: Kind
    public var createdAt: Int64
}

/// The platform's services. API keys and data carry the service they came from, so people see
/// which service collected what, and cross-service combination can be told apart.
public final class ServiceRegistry: Sendable {
    let database: any SQLDatabase
    let audit: AuditLog
    let now: @Sendable () -> Int64

    init(database: any SQLDatabase, audit: AuditLog, now: @escaping @Sendable () -> Int64) {
        self.database = database
        self.audit = audit
        self.now = now
    }

    /// Registers a service; `StoreError.conflict` when the name is taken.
    public func register(name: String, kind: PlatformService.Kind, actor: String, requestId: String? = nil) async throws -> PlatformService {
        let service = PlatformService(id: Identifiers.make(), name: name, kind: kind, createdAt: now())
        try await database.write { [audit] tx in
            try await tx.execute(SQL(
                "INSERT INTO services (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
                [.text(service.id), .text(name), .text(kind.rawValue), .integer(service.createdAt)]
            ))
            try await audit.append([AuditEvent(actor: actor, action: "service.register", subject: service.id, requestId: requestId, details: ["kind": kind.rawValue])], in: tx)
        }
        return service
    }

    public func list() async throws -> [PlatformService] {
        try await database.read { db in try await db.query(SQL("SELECT * FROM services ORDER BY name")).map(Self.service) }
    }

    public func find(id: String) async throws -> PlatformService? {
        try await database.read { db in try await db.first(SQL("SELECT * FROM services WHERE id = ?", [.text(id)])).map(Self.service) }
    }

    public func find(name: String) async throws -> PlatformService? {
        try await database.read { db in try await db.first(SQL("SELECT * FROM services WHERE name = ?", [.text(name)])).map(Self.service) }
    }

    static func service(_ row: SQLRow) throws -> PlatformService {
        guard let kind = PlatformService.Kind(rawValue: try row.text("kind")) else { throw StoreError.corrupt("unknown service kind") }
        return PlatformService(id: try row.text("id"), name: try row.text("name"), kind: kind, createdAt: try row.int("created_at"))
    }
}
