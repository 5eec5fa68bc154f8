@testable import CustodianCore

/// Small country databases shaped like GeoLite2-Country records, built by `MMDBWriter`.
enum MMDBFixtures {
    /// A GeoLite2-like record for `code`, with names in two languages and a location.
    static func country(_ code: String, _ name: String, latitude: Double = 0, longitude: Double = 0) -> MMDBValue {
        .map([
            "country": .map([
                "iso_code": .string(code),
                "geoname_id": .uint32(2_635_167),
                "is_in_european_union": .boolean(false),
                "names": .map(["en": .string(name), "de": .string(name + " (de)")]),
            ]),
            "continent": .map(["code": .string("EU"), "names": .map(["en": .string("Europe")])]),
            "location": .map(["latitude": .double(latitude), "longitude": .double(longitude)]),
        ])
    }

    /// The networks every fixture holds; the IPv6 ones only in an IPv6 database.
    static func writer(ipVersion: Int = 6, recordSize: Int = 24) -> MMDBWriter {
        var writer = MMDBWriter(ipVersion: ipVersion, recordSize: recordSize)
        writer.insert("203.0.113.0/24", country("GB", "United Kingdom", latitude: 51.5, longitude: -0.13))
        writer.insert("198.51.100.0/25", .map(["registered_country": .map(["iso_code": .string("US")])]))
        writer.insert("198.51.100.128/25", country("FR", "France"))
        writer.insert("10.0.0.0/8", country("DE", "Germany"))
        writer.insert("10.1.0.0/16", country("NL", "Netherlands"))
        writer.insert("192.0.2.0/24", .map(["country": .map(["names": .map(["en": .string("Nowhere")])])]))
        if ipVersion == 6 {
            writer.insert("2001:db8::/32", country("JP", "Japan", latitude: 35.7, longitude: 139.7))
            writer.insert("2001:db8:1::/48", country("CA", "Canada"))
        }
        return writer
    }

    /// `writer(ipVersion:recordSize:)` built, and read back.
    static func reader(ipVersion: Int = 6, recordSize: Int = 24) throws -> MMDBReader {
        try MMDBReader(bytes: writer(ipVersion: ipVersion, recordSize: recordSize).build())
    }
}
