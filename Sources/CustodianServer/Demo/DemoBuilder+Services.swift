import CustodianStore

extension DemoBuilder {
    /// The platform's services: a website, its iPhone app, a video site and a shop.
    func makeServices(_ state: inout DemoState) async throws {
        for service in DemoWorld.services {
            guard let kind = PlatformService.Kind(rawValue: service.kind) else { throw DemoError.rejected("service kind \(service.kind)") }
            state.services[service.name] = try await repositories.services.register(name: service.name, kind: kind, actor: "demo")
        }
    }
}
