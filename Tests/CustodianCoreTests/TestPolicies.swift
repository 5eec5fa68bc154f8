import Foundation

@testable import CustodianCore

/// Policies and clocks shared by the tests.
enum TestPolicies {
    /// The default policy, loaded once.
    static let defaultPolicy: Policy = {
        do {
            return try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        } catch {
            fatalError("the default policy does not load: \(error)")
        }
    }()

    /// A fixed clock: 2025-01-01T00:00:00Z plus `seconds`.
    static func time(_ seconds: TimeInterval) -> Date {
        Date(timeIntervalSince1970: 1_735_689_600 + seconds)
    }

    /// A minimal valid policy file, for loader and checker tests to bend.
    static let minimalYAML = """
        controller:
          name: Example
          contact_statement: Write to us.
          contact_channels:
            - kind: email
              value: privacy@example.org
              label: Email
        acceptance:
          model: explicit
          continued_use_consent: Using the service means you accept.
          if_you_do_not_agree: If you do not agree, stop using the service.
        categories:
          - key: user.contact.email
            label: Email
            description: Your email address.
            sources: [provided]
            retention: account
            sensitivity: medium
        purposes:
          - key: essential.service
            title: Service
            description: Run the service.
            basis: by_use
            categories: [user.contact.email]
          - key: marketing.communications.email
            title: Newsletter
            description: Send news.
            basis: opt_out
            categories: [user.contact.email]
            withdraw_via: [unsubscribe_link]
        prose:
          title: Privacy Policy
          introduction: [Hello.]
          scope: {title: Scope, paragraphs: [Everything.]}
          collection: {title: Collection, paragraphs: [We collect.]}
          third_parties: {title: Third parties, paragraphs: [None.]}
          exclusions_introduction: Not covered
          use: {title: Use, paragraphs: [We use.]}
          comments: {title: Leave a Reply, paragraphs: [Be kind.]}
        """

    /// The minimal policy, loaded.
    static var minimal: Policy {
        get throws { try PolicyLoader.load(yaml: minimalYAML) }
    }
}
