import Testing
@testable import CustodianCore

@Suite("MaxMind DB reader: lookups")
struct MMDBReaderTests {
    static let layouts: [(ipVersion: Int, recordSize: Int)] = [(4, 24), (4, 28), (4, 32), (6, 24), (6, 28), (6, 32)]

    @Test(arguments: layouts)
    func ipv4NetworkBoundaries(layout: (ipVersion: Int, recordSize: Int)) throws {
        let reader = try MMDBFixtures.reader(ipVersion: layout.ipVersion, recordSize: layout.recordSize)
        #expect(reader.country(of: "203.0.113.0") == "GB")
        #expect(reader.country(of: "203.0.113.255") == "GB")
        #expect(reader.country(of: "203.0.112.255") == nil)
        #expect(reader.country(of: "203.0.114.0") == nil)
        #expect(reader.country(of: "198.51.100.127") == "US")
        #expect(reader.country(of: "198.51.100.128") == "FR")
        #expect(reader.country(of: "198.51.100.255") == "FR")
    }

    @Test(arguments: layouts)
    func narrowerNetworksInsideBroaderOnes(layout: (ipVersion: Int, recordSize: Int)) throws {
        let reader = try MMDBFixtures.reader(ipVersion: layout.ipVersion, recordSize: layout.recordSize)
        #expect(reader.country(of: "10.0.255.255") == "DE")
        #expect(reader.country(of: "10.1.0.0") == "NL")
        #expect(reader.country(of: "10.1.255.255") == "NL")
        #expect(reader.country(of: "10.2.0.0") == "DE")
        #expect(reader.country(of: "10.255.255.255") == "DE")
        #expect(reader.country(of: "11.0.0.0") == nil)
        #expect(reader.country(of: "9.255.255.255") == nil)
    }

    @Test(arguments: [24, 28, 32])
    func ipv6NetworkBoundaries(recordSize: Int) throws {
        let reader = try MMDBFixtures.reader(ipVersion: 6, recordSize: recordSize)
        #expect(reader.country(of: "2001:db8::") == "JP")
        #expect(reader.country(of: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff") == "JP")
        #expect(reader.country(of: "2001:db8:1::") == "CA")
        #expect(reader.country(of: "2001:db8:1:ffff:ffff:ffff:ffff:ffff") == "CA")
        #expect(reader.country(of: "2001:db8:2::") == "JP")
        #expect(reader.country(of: "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff") == nil)
        #expect(reader.country(of: "2001:db9::") == nil)
        #expect(reader.country(of: "fe80::1%eth0") == nil)
    }

    @Test func ipv4LookupsInAnIPv6DatabaseGoThroughTheIPv4Subtree() throws {
        let reader = try MMDBFixtures.reader(ipVersion: 6)
        #expect(reader.country(of: "203.0.113.7") == "GB")
        // The same record reached as an IPv6 address under ::/96.
        #expect(reader.country(of: "::203.0.113.7") == "GB")
        #expect(reader.country(of: "::cb00:7107") == "GB")
    }

    @Test(arguments: [4, 6])
    func ipv4MappedAddressesAreIPv4(ipVersion: Int) throws {
        let reader = try MMDBFixtures.reader(ipVersion: ipVersion)
        #expect(reader.country(of: "::ffff:203.0.113.7") == "GB")
        #expect(reader.country(of: "::FFFF:cb00:7107") == "GB")
        #expect(reader.country(of: "::ffff:10.1.2.3") == "NL")
    }

    @Test func ipv6AddressesMissInAnIPv4Database() throws {
        let reader = try MMDBFixtures.reader(ipVersion: 4)
        #expect(reader.lookup("2001:db8::1") == nil)
        #expect(reader.country(of: "::203.0.113.7") == nil)
    }

    @Test func textThatIsNotAnAddressMisses() throws {
        let reader = try MMDBFixtures.reader()
        for text in ["", "203.0.113", "203.0.113.256", "2001:db8:::1", "example.com", " 203.0.113.7"] {
            #expect(reader.lookup(text) == nil, "\(text)")
            #expect(reader.country(of: text) == nil, "\(text)")
        }
    }

    @Test func lookupDecodesTheWholeRecord() throws {
        let reader = try MMDBFixtures.reader()
        let record = try #require(reader.lookup("203.0.113.7"))
        #expect(record == MMDBFixtures.country("GB", "United Kingdom", latitude: 51.5, longitude: -0.13))
        #expect(record[path: ["country", "names", "de"]]?.string == "United Kingdom (de)")
        #expect(record[path: ["country", "geoname_id"]]?.unsignedInteger == 2_635_167)
    }

    @Test func countryFallsBackToTheRegisteredCountry() throws {
        let reader = try MMDBFixtures.reader()
        #expect(reader.country(of: "198.51.100.1") == "US")
        #expect(reader.country(of: "192.0.2.1") == nil)
    }

    @Test func locationReadsLatitudeAndLongitude() throws {
        let reader = try MMDBFixtures.reader()
        let london = try #require(reader.location(of: "203.0.113.7"))
        #expect(london.latitude == 51.5 && london.longitude == -0.13)
        let tokyo = try #require(reader.location(of: "2001:db8:ff::1"))
        #expect(tokyo.latitude == 35.7 && tokyo.longitude == 139.7)
        #expect(reader.location(of: "198.51.100.1") == nil)
        #expect(reader.location(of: "11.0.0.0") == nil)
    }

    @Test func largeRecordValuesUseThe28BitNibbles() throws {
        // Data offsets past 2^24 need the middle byte of each 28-bit node, and pointers past
        // 526,336 need the three-byte pointer form.
        var writer = MMDBFixtures.writer(ipVersion: 6, recordSize: 28)
        writer.dataPadding = 16_800_000
        let reader = try MMDBReader(bytes: writer.build())
        #expect(reader.country(of: "203.0.113.7") == "GB")
        #expect(reader.country(of: "10.1.2.3") == "NL")
        #expect(reader.country(of: "2001:db8:1::5") == "CA")
        #expect(reader.lookup("198.51.100.200") == MMDBFixtures.country("FR", "France"))
        #expect(reader.country(of: "11.0.0.0") == nil)
    }
}
