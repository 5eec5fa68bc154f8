import Yams

/// Reads a policy file (YAML) into a ``Policy``, reporting the line and key path of any mistake.
///
/// The loader checks the schema only (required keys, types, allowed values, no unknown keys);
/// ``PolicyChecker`` judges whether the policy makes sense.
public enum PolicyLoader {
    /// Parses `yaml` into a policy.
    /// - Throws: ``PolicyLoadError`` naming the line and key path, e.g.
    ///   `line 12, column 12: purposes[3].basis: expected one of by_use, opt_out, opt_in`.
    public static func load(yaml: String) throws(PolicyLoadError) -> Policy {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml, .basic) else {
                throw PolicyLoadError(line: 1, column: nil, path: "", message: "the policy file is empty")
            }
            root = node
        } catch let error as PolicyLoadError {
            throw error
        } catch let error as YamlError {
            throw PolicyLoadError(yaml: error)
        } catch {
            throw PolicyLoadError(line: nil, column: nil, path: "", message: "unreadable YAML")
        }
        return try policy(YAMLValue(node: root, path: ""))
    }

    static func policy(_ value: YAMLValue) throws(PolicyLoadError) -> Policy {
        let map = try value.mapping(keys: [
            "controller", "acceptance", "categories", "purposes", "recipients", "exclusions", "prose",
        ])
        return Policy(
            controller: try controller(map.required("controller")),
            acceptance: try acceptance(map.required("acceptance")),
            categories: try map.list("categories", required: true, category),
            purposes: try map.list("purposes", required: true, purpose),
            recipients: try map.list("recipients", recipient),
            exclusions: try map.list("exclusions", exclusion),
            prose: try prose(map.required("prose"))
        )
    }

    static func controller(_ value: YAMLValue) throws(PolicyLoadError) -> Controller {
        let map = try value.mapping(keys: ["name", "contact_statement", "contact_channels"])
        return Controller(
            name: try map.optionalString("name") ?? "the Platform",
            contactStatement: try map.string("contact_statement"),
            contactChannels: try map.list("contact_channels") { item throws(PolicyLoadError) in
                let channel = try item.mapping(keys: ["kind", "value", "label"])
                return ContactChannel(
                    kind: try channel.oneOf("kind", ContactChannelKind.self),
                    value: try channel.string("value"),
                    label: try channel.string("label")
                )
            }
        )
    }

    static func acceptance(_ value: YAMLValue) throws(PolicyLoadError) -> AcceptanceTerms {
        let map = try value.mapping(keys: ["model", "continued_use_consent", "if_you_do_not_agree"])
        return AcceptanceTerms(
            model: try map.oneOf("model", AcceptanceModel.self),
            continuedUseConsent: try map.string("continued_use_consent"),
            ifYouDoNotAgree: try map.string("if_you_do_not_agree")
        )
    }

    static func category(_ value: YAMLValue) throws(PolicyLoadError) -> DataCategory {
        let map = try value.mapping(keys: ["key", "label", "description", "sources", "retention", "sensitivity"])
        let sourcesValue = try map.required("sources")
        var sources: [DataSource] = []
        for item in try sourcesValue.sequence() { sources.append(try item.oneOf(DataSource.self)) }
        if sources.isEmpty { throw sourcesValue.error("list at least one source") }
        return DataCategory(
            key: try map.string("key"),
            label: try map.string("label"),
            description: try map.string("description"),
            sources: sources,
            retention: try map.string("retention"),
            sensitivity: try map.oneOf("sensitivity", Sensitivity.self)
        )
    }

    static func purpose(_ value: YAMLValue) throws(PolicyLoadError) -> Purpose {
        let map = try value.mapping(keys: [
            "key", "title", "description", "basis", "categories", "opt_out_signals", "withdraw_via", "recipients",
        ])
        return Purpose(
            key: try map.string("key"),
            title: try map.string("title"),
            description: try map.string("description"),
            basis: try map.oneOf("basis", LegalBasis.self),
            categories: try map.strings("categories", required: true),
            optOutSignals: try map.bool("opt_out_signals", default: false),
            withdrawVia: try map.strings("withdraw_via"),
            recipients: try map.strings("recipients")
        )
    }

    static func recipient(_ value: YAMLValue) throws(PolicyLoadError) -> Recipient {
        let map = try value.mapping(keys: ["key", "kind", "label", "description", "names", "receives", "sends"])
        // Absent stays nil (not []), so a policy without these keys keeps its content hash.
        let receives: [String]? = map.optional("receives") == nil ? nil : try map.strings("receives")
        let sends: [RecipientSource]? = map.optional("sends") == nil ? nil : try map.list("sends", source)
        return Recipient(
            key: try map.string("key"),
            kind: try map.oneOf("kind", RecipientKind.self),
            label: try map.string("label"),
            description: try map.string("description"),
            names: try map.strings("names"),
            receives: receives,
            sends: sends
        )
    }

    static func source(_ value: YAMLValue) throws(PolicyLoadError) -> RecipientSource {
        let map = try value.mapping(keys: ["categories", "basis", "purpose", "reference"])
        return RecipientSource(
            categories: try map.strings("categories", required: true),
            basis: try map.oneOf("basis", InboundBasis.self),
            purpose: try map.optionalString("purpose"),
            reference: try map.optionalString("reference")
        )
    }

    static func exclusion(_ value: YAMLValue) throws(PolicyLoadError) -> Exclusion {
        let map = try value.mapping(keys: ["key", "kind", "description", "categories", "on_erasure"])
        return Exclusion(
            key: try map.string("key"),
            kind: try map.oneOf("kind", ExclusionKind.self),
            description: try map.string("description"),
            categories: try map.strings("categories"),
            onErasure: try map.optional("on_erasure")?.oneOf(ErasureRule.self)
        )
    }
}

extension PolicyLoadError {
    /// Translates a Yams syntax error, keeping its position.
    init(yaml error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _),
            .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            self.init(line: mark.line, column: mark.column, path: "", message: "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(
                line: context.mark.line, column: context.mark.column, path: "",
                message: "duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            self.init(line: nil, column: nil, path: "", message: "unreadable text: \(problem)")
        default:
            self.init(line: nil, column: nil, path: "", message: "invalid YAML")
        }
    }
}
