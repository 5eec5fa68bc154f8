/// The warnings a privacy officer needs: things that load and run but may not be lawful or honest.
extension PolicyChecker {
    /// Keys fideslang 3.2 deprecated, with their replacements.
    static let deprecatedKeys: [String: String] = [
        "user.location.imprecise": "user.location.coarse",
        "user.contact.url": "user.contact.social_url",
        "user.account.settings": "user.settings",
    ]

    static func lints(_ policy: Policy) -> [PolicyFinding] {
        let groups: [[PolicyFinding]] = [
            exclusionLints(policy), erasureLints(policy), acceptanceLints(policy), purposeLints(policy),
            recipientLints(policy), recipientFlowLints(policy), categoryLints(policy),
        ]
        return groups.flatMap { $0 }
    }

    static func exclusionLints(_ policy: Policy) -> [PolicyFinding] {
        policy.exclusions.enumerated().compactMap { index, exclusion in
            let path = "exclusions[\(index)]"
            switch exclusion.kind {
            case .searchKeywords:
                return warning(
                    "excluded_search_keywords_are_personal_data", path,
                    "search keywords linked to a person (account, cookie or device ID) are personal data under "
                        + "GDPR art. 4(1) and PIPL art. 4; excluding them from the policy does not take them out of "
                        + "the law. Declare user.behavior.search_history with a purpose and retention, or keep searches "
                        + "unlinked to people.")
            case .tradingRecords:
                return warning(
                    "excluded_trading_records_are_personal_data", path,
                    "bids, transactions and evaluations of natural persons are personal data (GDPR art. 4(1), "
                        + "PIPL art. 4); they still need a purpose, a basis and a retention period.")
            case .creditAndViolations:
                return warning(
                    "excluded_credit_records_are_personal_data", path,
                    "credit evaluations and records of violations about natural persons are personal data; offence "
                        + "data needs a legal basis of its own (GDPR art. 10) and may be sensitive under PIPL art. 28.")
            case .businessRegistration:
                return warning(
                    "excluded_operator_data_is_personal_data", path,
                    "information about a natural person who operates a business is personal data even when the law "
                        + "requires publishing it; publication limits the purpose, it does not end protection.")
            case .other:
                return nil
            }
        }
    }

    static func acceptanceLints(_ policy: Policy) -> [PolicyFinding] {
        guard policy.acceptance.model == .continuedUse,
            policy.purposes.contains(where: { $0.basis == .optIn })
        else { return [] }
        return [warning(
            "continued_use_is_not_consent", "acceptance.model",
            "\"consent by continued use\" is not valid consent in the EU (GDPR art. 4(11) and 7, recital 32: "
                + "consent needs a clear affirmative act): opt-in purposes must still be asked for one by one, "
                + "which the purpose gate enforces.")]
    }

    static func purposeLints(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        for (index, purpose) in policy.purposes.enumerated() {
            let path = "purposes[\(index)]"
            let sharing = Fideslang.key(purpose.key, isWithin: "third_party_sharing")
            if Fideslang.isSharingOrTargetedMarketing(purpose.key) && !purpose.optOutSignals {
                findings.append(warning(
                    "signals_not_honoured", "\(path).opt_out_signals",
                    "'\(purpose.key)' shares data or targets marketing but Global Privacy Control and Do-Not-Track "
                        + "do not opt people out of it (CCPA regulations § 7025 require honouring GPC)."))
            }
            if purpose.basis == .byUse && purpose.optOutSignals {
                findings.append(warning(
                    "signals_have_no_effect", "\(path).opt_out_signals",
                    "a by_use purpose cannot be opted out of, so privacy signals have no effect on it"))
            }
            if purpose.basis == .optIn && purpose.withdrawVia.isEmpty {
                findings.append(warning(
                    "opt_in_without_withdrawal", "\(path).withdraw_via",
                    "withdrawing consent must be as easy as giving it (GDPR art. 7(3), PIPL art. 15): name a way"))
            }
            if sharing && purpose.basis != .optIn {
                findings.append(warning(
                    "sharing_without_separate_consent", "\(path).basis",
                    "providing personal information to another processor needs separate consent (PIPL art. 23)"))
            }
            if sharing && purpose.recipients.isEmpty {
                findings.append(warning(
                    "sharing_without_recipients", "\(path).recipients",
                    "a sharing purpose should name the recipients it discloses to"))
            }
            if purpose.categories.isEmpty {
                findings.append(warning("purpose_reads_nothing", "\(path).categories", "this purpose reads no data"))
            }
            for key in purpose.categories {
                guard policy.category(key)?.sensitivity == .special, purpose.basis != .optIn else { continue }
                findings.append(warning(
                    "special_category_without_explicit_consent", path,
                    "'\(key)' is a special category; outside narrow exceptions it needs explicit consent "
                        + "(GDPR art. 9(2)(a), PIPL art. 29)"))
            }
        }
        return findings
    }

    static func recipientLints(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        for (index, recipient) in policy.recipients.enumerated() where recipient.names.isEmpty {
            guard recipient.kind == .partner || recipient.kind == .relatedParty else { continue }
            findings.append(warning(
                "recipients_not_named", "recipients[\(index)].names",
                "'\(recipient.key)' names no organisation; PIPL art. 23 requires the recipient's name and contact, "
                    + "and GDPR art. 13(1)(e) at least the categories of recipients, before sharing."))
        }
        if policy.controller.contactChannels.isEmpty {
            findings.append(warning(
                "no_contact_channel", "controller.contact_channels",
                "the policy promises contact information but lists no way to reach the controller"))
        }
        return findings
    }

    static func categoryLints(_ policy: Policy) -> [PolicyFinding] {
        var findings: [PolicyFinding] = []
        for (index, category) in policy.categories.enumerated() {
            let path = "categories[\(index)]"
            if let replacement = deprecatedKeys[category.key] {
                findings.append(warning(
                    "deprecated_fideslang_key", "\(path).key",
                    "'\(category.key)' is deprecated in fideslang 3.2; '\(replacement)' replaces it"))
            }
            let used = policy.purposes.contains { purpose in
                purpose.categories.contains { Fideslang.key(category.key, isWithin: $0) }
            }
            if !used {
                findings.append(warning(
                    "category_without_purpose", path,
                    "no purpose reads '\(category.key)'; collecting it has no stated use (data minimisation, "
                        + "GDPR art. 5(1)(c), PIPL art. 6)"))
            }
        }
        return findings
    }
}
