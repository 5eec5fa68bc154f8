import Benchmark
import Crypto
import CustodianCore
import Foundation

// CPU-only work in CustodianCore. Each benchmark runs 1,000 operations per iteration
// (`scalingFactor: .kilo`), so `throughput` reads as operations per second and the malloc count
// as allocations per operation. Everything runs on one thread: figures are per core.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    // MARK: FieldCipher

    let key = SymmetricKey(size: .bits256)
    let subject = "3f2b8c1e-6d4a-4f0e-9b7c-2a1d5e8f9c30"
    let field = "email"
    // A 40-byte value, about the size of an email address or a full name.
    let value = Array("someone.with.a.long.name@example.org.uk".utf8) + [0x21]
    precondition(value.count == 40)
    // What the store uses: the keyring's SealingKey, its cipher context built once per data key.
    let sealingKey = SealingKey(key)
    let sealed = FieldCipher.seal(value, key: sealingKey, subject: subject, field: field)

    Benchmark("FieldCipher seal+open 40 B") { benchmark in
        for _ in benchmark.scaledIterations {
            let box = FieldCipher.seal(value, key: sealingKey, subject: subject, field: field)
            blackHole(try! FieldCipher.open(box, key: sealingKey, subject: subject, field: field))
        }
    }

    Benchmark("FieldCipher seal 40 B") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FieldCipher.seal(value, key: sealingKey, subject: subject, field: field))
        }
    }

    Benchmark("FieldCipher open 40 B") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! FieldCipher.open(sealed, key: sealingKey, subject: subject, field: field))
        }
    }

    // A bare SymmetricKey: the context is built per call (master-key wrapping, one-off secrets).
    Benchmark("FieldCipher seal+open 40 B, bare key") { benchmark in
        for _ in benchmark.scaledIterations {
            let box = FieldCipher.seal(value, key: key, subject: subject, field: field)
            blackHole(try! FieldCipher.open(box, key: key, subject: subject, field: field))
        }
    }

    Benchmark("FieldCipher associatedData") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(FieldCipher.associatedData(subject: subject, field: field))
        }
    }

    // The floor: swift-crypto's AES-GCM alone on the same sizes, associated data prepared once.
    let aad = FieldCipher.associatedData(subject: subject, field: field)
    Benchmark("swift-crypto AES.GCM seal+open 40 B (floor)") { benchmark in
        for _ in benchmark.scaledIterations {
            let box = try! AES.GCM.seal(value, using: key, authenticating: aad)
            blackHole(try! AES.GCM.open(box, using: key, authenticating: aad))
        }
    }

    // MARK: BlindIndex

    let index = BlindIndex(key: SymmetricKey(size: .bits256))
    Benchmark("BlindIndex digest (email)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(index.digest(kind: "email", value: "someone@example.org"))
        }
    }

    // MARK: AuditChain (the CPU part of an append)

    let plainEvent = AuditEvent(
        actor: "apikey:7c1e", action: "person.read", subject: subject, purpose: "essential.service",
        categories: ["user.contact.email", "user.name"], requestId: "9a8b7c6d5e4f3a2b1c0d9e8f")
    var detailedEvent = plainEvent
    detailedEvent.details = ["reason": "support ticket", "ticket": "48213"]
    let previous = [UInt8](repeating: 7, count: 32)

    Benchmark("AuditChain link (no details)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(AuditChain.link(plainEvent, seq: Int64(i), at: 1_750_000_000_000, prevHash: previous))
        }
    }

    Benchmark("AuditChain link (2 details)") { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(AuditChain.link(detailedEvent, seq: Int64(i), at: 1_750_000_000_000, prevHash: previous))
        }
    }

    // MARK: Purpose gate

    let policy = try! PolicyLoader.load(yaml: DefaultPolicy.yaml)
    let gate = PurposeGate(compiled: CompiledPolicy(policy))
    struct Question: Sendable {
        var purpose: String
        var categories: [String]
        var signals: PrivacySignals
    }
    // A mix of the gate's paths: by use, opt-out with and without GPC, opt-in granted.
    let questions = [
        Question(purpose: "essential.service", categories: ["user.contact.email", "user.name"], signals: .none),
        Question(
            purpose: "marketing.advertising.first_party", categories: ["user.behavior.browsing_history", "user.device.cookie_id"],
            signals: PrivacySignals(gpc: true)),
        Question(purpose: "personalize.content.profiled", categories: ["user.behavior"], signals: .none),
        Question(purpose: "third_party_sharing", categories: ["user.contact.email"], signals: .none),
    ]
    let consent: [String: EffectiveConsent] = [
        "third_party_sharing": EffectiveConsent(
            purpose: "third_party_sharing", state: .granted, source: .explicit, lastEvent: .granted,
            recordedAt: Date(timeIntervalSince1970: 1_750_000_000), policyVersion: gate.compiled.version),
        "marketing.communications.email": EffectiveConsent(
            purpose: "marketing.communications.email", state: .denied, source: .explicit, lastEvent: .withdrawn),
    ]
    precondition(questions.map {
        gate.decide(consent: consent, purpose: $0.purpose, categories: $0.categories, signals: $0.signals, hasAccount: true).allowed
    } == [true, false, true, true])

    Benchmark("PurposeGate decide (mix of 4)") { benchmark in
        for i in benchmark.scaledIterations {
            let q = questions[i & 3]
            blackHole(gate.decide(consent: consent, purpose: q.purpose, categories: q.categories, signals: q.signals, hasAccount: true))
        }
    }

    Benchmark("PurposeGate decide (by use, 2 categories)") { benchmark in
        let q = questions[0]
        for _ in benchmark.scaledIterations {
            blackHole(gate.decide(consent: consent, purpose: q.purpose, categories: q.categories, signals: q.signals, hasAccount: true))
        }
    }

    Benchmark("PurposeGate authorize (mints Access)") { benchmark in
        let q = questions[3]
        for _ in benchmark.scaledIterations {
            blackHole(gate.authorize(
                subject: subject, consent: consent, purpose: q.purpose, categories: q.categories, signals: q.signals,
                hasAccount: true))
        }
    }
}
