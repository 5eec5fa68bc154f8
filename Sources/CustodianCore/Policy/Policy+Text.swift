extension Policy {
    /// The placeholder in prose that stands for the controller's name.
    public static let controllerPlaceholder = "{controller}"

    /// `text` with `{controller}` replaced by the controller's name, capitalised at a sentence start.
    public func resolved(_ text: String) -> String {
        guard text.contains(Self.controllerPlaceholder) else { return text }
        var result = text
        if result.hasPrefix(Self.controllerPlaceholder) {
            // "the Platform (hereinafter …)" opens a sentence, so it needs a capital.
            let name = controller.name
            let capitalised = name.prefix(1).uppercased() + name.dropFirst()
            result = capitalised + result.dropFirst(Self.controllerPlaceholder.count)
        }
        return result.replacingAll(Self.controllerPlaceholder, with: controller.name)
    }

    /// Every sentence of prose the page shows, resolved, in reading order.
    public var allProse: [String] {
        var texts = [prose.title] + prose.introduction
        texts += [controller.contactStatement, acceptance.ifYouDoNotAgree, acceptance.continuedUseConsent]
        for section in [prose.scope, prose.collection, prose.thirdParties, prose.use] {
            texts.append(section.title)
            texts += section.paragraphs
            texts += section.clauses.flatMap { [$0.title].compactMap { $0 } + $0.paragraphs }
        }
        texts += recipients.map(\.description)
        texts.append(prose.exclusionsIntroduction)
        texts += exclusions.map(\.description)
        texts.append(prose.comments.title)
        texts += prose.comments.paragraphs
        return texts.map(resolved)
    }
}

extension String {
    /// Replaces every occurrence of `target`; FoundationEssentials-free so Core stays light.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
