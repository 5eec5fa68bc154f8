import ArgumentParser
import Configuration
import CustodianServer

/// Options every command that touches storage takes; the environment fills what is not given.
struct StorageOptions: ParsableArguments {
    @Option(help: "The data folder (env CUSTODIAN_DATA; default ./custodian-data).")
    var data: String?

    @Option(help: "postgres://user:pass@host:port/db for PostgreSQL (env CUSTODIAN_DATABASE_URL; default SQLite in the data folder).")
    var database: String?

    /// Command-line values as configuration keys, ahead of the environment.
    func values() -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let data { values["custodian.data"] = .init(.string(data), isSecret: false) }
        if let database { values["custodian.database.url"] = .init(.string(database), isSecret: true) }
        return values
    }

    func configuration(extra: [AbsoluteConfigKey: ConfigValue] = [:]) throws -> ServerConfiguration {
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "arguments", values: values().merging(extra) { _, new in new }),
            EnvironmentVariablesProvider(),
        ])
        return try ServerConfiguration(reader: reader)
    }
}
