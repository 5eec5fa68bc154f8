import CustodianCore
import Testing

@Suite("Sign-in risk")
struct SignInRiskTests {
    let london = GeoPoint(latitude: 51.5, longitude: -0.13)
    let tokyo = GeoPoint(latitude: 35.7, longitude: 139.7)
    let hour: Int64 = 3_600_000

    func history(country: String = "GB", at: Int64 = 0, location: GeoPoint? = nil) -> SignInHistory {
        SignInHistory(
            knownSoftware: ["firefox"], knownNetworks: ["203.0.113.0"], knownCountries: [country], successfulSignIns: 3,
            lastLocated: location.map { (at, $0) })
    }

    @Test func aFamiliarSignInIsAllowedWithNoReasons() {
        let assessment = SignInRisk.assess(
            SignInContext(softwareDigest: "firefox", network: "203.0.113.0", country: "GB", recentAccountFailures: 0, recentAddressFailures: 0),
            history: history())
        #expect(assessment == SignInAssessment(outcome: .allow, score: 0, reasons: []))
    }

    @Test func aNewCountryAndBrowserScoreHigherWithReasons() {
        let familiar = SignInRisk.assess(
            SignInContext(softwareDigest: "firefox", network: "203.0.113.0", country: "GB", recentAccountFailures: 0, recentAddressFailures: 0),
            history: history())
        let strange = SignInRisk.assess(
            SignInContext(softwareDigest: "safari", network: "198.51.100.0", country: "JP", recentAccountFailures: 0, recentAddressFailures: 0),
            history: history())
        #expect(strange.score > familiar.score)
        #expect(strange.reasons == ["new_software", "new_network", "new_country"])
        #expect(strange.outcome == .stepUp)
    }

    @Test func londonToTokyoInAnHourIsImpossibleTravel() {
        let assessment = SignInRisk.assess(
            SignInContext(softwareDigest: "firefox", network: "203.0.113.0", country: "GB", location: tokyo, at: hour, recentAccountFailures: 0, recentAddressFailures: 0),
            history: history(at: 0, location: london))
        #expect(assessment.reasons.contains("impossible_travel"))
        #expect(!SignInRisk.isImpossibleTravel(from: london, at: 0, to: tokyo, at: 20 * hour))
        #expect(!SignInRisk.isImpossibleTravel(from: london, at: 0, to: GeoPoint(latitude: 51.75, longitude: -1.25), at: 60_000))
    }

    @Test func distancesAndCoarseningAreSane() {
        #expect(abs(london.distanceKilometres(to: tokyo) - 9_560) < 60)
        let coarse = GeoPoint(latitude: 51.50735, longitude: -0.12776).coarsened()
        #expect(abs(coarse.latitude - 51.51) < 1e-9 && abs(coarse.longitude - -0.13) < 1e-9)
    }

    @Test func failuresPushTowardsDenial() {
        let assessment = SignInRisk.assess(
            SignInContext(softwareDigest: "x", network: "n", country: "JP", location: tokyo, at: hour, recentAccountFailures: 10, recentAddressFailures: 10),
            history: history(at: 0, location: london))
        #expect(assessment.outcome == .deny)
        #expect(assessment.score == 100)
    }

    @Test func aListedAddressIsScoredWithItsCategoryAndAsksForAStepUpFromANewNetwork() {
        let familiar = SignInRisk.assess(
            SignInContext(softwareDigest: "firefox", network: "203.0.113.0", at: hour, recentAccountFailures: 0, recentAddressFailures: 0, flaggedAddress: .malware),
            history: history(at: 0, location: london))
        #expect(familiar.reasons == ["flagged_address_malware"])
        #expect(familiar.score == 40 && familiar.outcome == .allow)
        let elsewhere = SignInRisk.assess(
            SignInContext(softwareDigest: "firefox", network: "198.51.100.0", at: hour, recentAccountFailures: 0, recentAddressFailures: 0, flaggedAddress: .phishing),
            history: history(at: 0, location: london))
        #expect(elsewhere.reasons == ["new_network", "flagged_address_phishing"])
        #expect(elsewhere.outcome == .stepUp)
    }

    @Test func throttleDelaysGrowThenCap() {
        let throttle = SignInThrottle(baseDelayMillis: 250)
        #expect((0...4).allSatisfy { throttle.delayMillis(failures: $0) == 0 })
        #expect(throttle.delayMillis(failures: 5) == 250)
        #expect(throttle.delayMillis(failures: 6) == 500)
        #expect(throttle.delayMillis(failures: 40) == 8_000)
        #expect(throttle.isLocked(accountFailures: 0, addressFailures: 20))
        #expect(!throttle.isLocked(accountFailures: 19, addressFailures: 19))
    }
}
