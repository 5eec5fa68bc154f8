import CustodianCore
import CustodianStore
import Foundation

/// `custodian admin create`: a console account with a one-time password, for the command line.
public enum StaffCommands {
    public enum Failure: Error, CustomStringConvertible {
        case invalidEmail(String)
        case exists

        public var description: String {
            switch self {
            case .invalidEmail(let message): "the email address is not valid: \(message)"
            case .exists: "a console account with this email address exists already"
            }
        }
    }

    /// Creates the account and returns its one-time password (shown once, stored as a bcrypt
    /// hash; the first sign-in must replace it). Audited (`staff.create`, actor `cli`).
    public static func create(email: String, role: StaffRole, configuration: ServerConfiguration) async throws -> String {
        let address: EmailAddress
        switch EmailValidator().validate(email) {
        case .success(let valid): address = valid
        case .failure(let problem): throw Failure.invalidEmail(problem.message)
        }
        let password = oneTimePassword()
        let hash = try await PasswordHasher(cost: UInt8(configuration.bcryptCost)).hash(password)
        try await StoreCommands.withStore(configuration) { store in
            let repositories = try await store.prepare()
            do {
                _ = try await repositories.staff.create(
                    email: address.normalized, emailLookup: address.lookupKey, role: role, passwordHash: hash, mustChangePassword: true, actor: "cli")
            } catch StoreError.conflict {
                throw Failure.exists
            }
        }
        return password
    }

    /// 20 characters from an alphabet without look-alikes (about 116 bits).
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var out = ""
        while out.count < 20 {
            // Rejection sampling keeps every character equally likely.
            for byte in Identifiers.randomBytes(32) where out.count < 20 && Int(byte) < 256 - 256 % alphabet.count {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return out
    }
}
