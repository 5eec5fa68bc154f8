import CustodianCore
import Foundation

extension DemoBuilder {
    /// People registered with the website or the app: names, addresses, some phone numbers
    /// (from the ranges Ofcom keeps for drama), genders, dates of birth; each with one to three
    /// interests, a level of activity, a browser and a network.
    func makePeople(_ state: inout DemoState) async throws {
        var random = DemoRandom(seed: configuration.seed, stream: "people")
        var planned: [(registration: PeopleActions.Registration, person: DemoPerson, service: String)] = []
        for index in 0..<configuration.people {
            let first = random.pick(DemoWorld.firstNames)
            let last = random.pick(DemoWorld.lastNames)
            let email = "\(DemoWorld.emailPart(first)).\(DemoWorld.emailPart(last)).\(index + 1)@example.org"
            let home = random.chance(0.6) ? "daily-web" : "daily-ios"
            guard let service = state.service(home) else { throw DemoError.rejected("no service \(home)") }
            var phone: String?
            if index < 1_000, random.chance(0.6) {
                phone = String(format: "+44 20 7946 0%03d", index)
            } else if index >= 1_000, index < 2_000, random.chance(0.6) {
                phone = String(format: "+44 7700 900%03d", index - 1_000)
            }
            let gender = ["female", "male", "another", "prefer_not_to_say"][random.weighted([0.47, 0.45, 0.03, 0.05])]
            let year = 1950 + random.int(0..<58)
            let birthDate = String(format: "%04d-%02d-%02d", year, 1 + random.int(0..<12), 1 + random.int(0..<28))
            var interests: [(topic: Int, weight: Double)] = []
            var topics = Array(0..<DemoWorld.topics.count)
            for _ in 0..<(1 + random.weighted([0.35, 0.45, 0.2])) {
                let topic = topics.remove(at: random.int(0..<topics.count))
                interests.append((topic, 0.3 + random.unit()))
            }
            let registration = PeopleActions.Registration(
                name: "\(first) \(last)", email: email, password: DemoConfiguration.password, phone: phone,
                gender: random.chance(0.85) ? gender : nil, birthDate: random.chance(0.8) ? birthDate : nil)
            let person = DemoPerson(
                id: "", email: email, home: home, interests: interests, activity: 0.3 + random.exponential(1),
                ip: "\([198, 203, 192][index % 3]).\([51, 0, 0][index % 3]).\([100, 113, 2][index % 3]).\(1 + index % 250)",
                userAgent: home == "daily-ios" ? DemoWorld.browsers[3] : random.pick(DemoWorld.browsers), locale: random.pick(DemoWorld.locales),
                gpc: random.chance(0.06))
            planned.append((registration, person, service.id))
        }
        let plans = planned
        let ids = try await Self.concurrently(plans.count, width: configuration.concurrency) { index in
            let plan = plans[index]
            let evidence = RequestEvidence(demo: "registration", ip: plan.person.ip, userAgent: plan.person.userAgent)
            switch try await people.register(plan.registration, evidence: evidence, service: plan.service) {
            case .created(let person, _): return person
            case .alreadyRegistered: throw DemoError.rejected("a demo address was registered twice")
            }
        }
        state.people = zip(planned, ids).map { plan, id in
            var person = plan.person
            person.id = id
            return person
        }
    }

    /// Runs `body` for 0..<count with at most `width` at a time; the results in index order.
    static func concurrently<T: Sendable>(_ count: Int, width: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var results = [T?](repeating: nil, count: count)
            var next = 0
            while next < min(width, count) {
                let index = next
                group.addTask { (index, try await body(index)) }
                next += 1
            }
            while let (index, value) = try await group.next() {
                results[index] = value
                if next < count {
                    let index = next
                    group.addTask { (index, try await body(index)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}

extension RequestEvidence {
    /// Evidence for what the demo does in a person's name, as their own request would give it.
    init(demo channel: String, ip: String, userAgent: String) {
        self.requestId = "demo"
        self.channel = channel
        self.ipTruncated = IPTruncation.truncate(ip)
        self.userAgentFamily = UserAgentFamily.of(userAgent)
        self.apiKeyId = nil
    }
}
