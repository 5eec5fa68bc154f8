/// The GeoIP2 / GeoLite2 fields enrichment reads: the country code and the coordinates.
extension MMDBReader {
    /// The ISO 3166-1 code of the country of `address` (`country.iso_code`, else
    /// `registered_country.iso_code`), or nil when the database does not say.
    public func country(of address: String) -> String? {
        guard let offset = dataOffset(of: address) else { return nil }
        for path in [["country", "iso_code"], ["registered_country", "iso_code"]] {
            if let code = (try? data.value(at: offset, path: path))?.string { return code }
        }
        return nil
    }

    /// The `location` latitude and longitude of `address`, or nil when the database has none.
    public func location(of address: String) -> (latitude: Double, longitude: Double)? {
        guard let offset = dataOffset(of: address),
              let location = try? data.value(at: offset, path: ["location"]),
              let latitude = location["latitude"]?.double,
              let longitude = location["longitude"]?.double
        else { return nil }
        return (latitude, longitude)
    }
}
