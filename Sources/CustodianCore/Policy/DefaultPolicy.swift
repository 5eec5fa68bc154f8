/// The policy a fresh installation enforces: the seed privacy policy, encoded completely.
///
/// It is compiled in, not shipped as a resource, so a static binary needs no files. The prose is
/// the seed's own, tidied for grammar; `{controller}` stands for the controller's name, which the
/// seed leaves blank.
public enum DefaultPolicy {
    /// The default policy file, in the format ``PolicyLoader`` reads.
    public static let yaml: String = dataMap + "\n" + prose

    /// Controller, acceptance, categories, purposes, recipients and exclusions.
    static let dataMap: String = #"""
    controller:
      name: the Platform
      contact_statement: >-
        If you have any questions about this Privacy Policy, you can contact us through the
        contact information published on the Platform.
      contact_channels:
        - kind: form
          value: /contact
          label: Contact form

    acceptance:
      model: continued_use
      if_you_do_not_agree: >-
        If you do not agree with any part of this Privacy Policy, you should stop using the
        Platform's services immediately.
      continued_use_consent: >-
        By continuing to use any of the services of the Platform, you consent to the lawful
        collection, use, storage and sharing of your information in accordance with this Privacy
        Policy.

    categories:
      # 1. The information you provide to us.
      - key: user.name
        label: Name
        description: The name you give when you register your account.
        sources: [provided, partner]
        retention: account
        sensitivity: medium
      - key: user.demographic.gender
        label: Gender
        description: The gender you give when you register your account.
        sources: [provided]
        retention: account
        sensitivity: medium
      - key: user.demographic.date_of_birth
        label: Date of birth
        description: The date of birth you give when you register your account.
        sources: [provided]
        retention: account
        sensitivity: medium
      - key: user.contact.phone_number
        label: Phone number
        description: The phone number you give when you register or later.
        sources: [provided, partner]
        retention: account
        sensitivity: medium
      - key: user.contact.email
        label: Email address
        description: The email address you give when you register, or with a comment.
        sources: [provided, partner]
        retention: account
        sensitivity: medium
      - key: user.authorization.credentials
        label: Password
        description: The password you choose when you register, stored only as a one-way hash.
        sources: [provided]
        retention: account
        sensitivity: high
      - key: user.content.public
        label: Comments
        description: >-
          Comments you post, with the name and website you give. Your email address is not
          published.
        sources: [provided]
        retention: account
        sensitivity: low
      - key: user.content.private
        label: Messages and survey answers
        description: >-
          What you tell our customer service team when you contact it, and the answers you give
          when you take part in a survey or questionnaire.
        sources: [provided]
        retention: P2Y
        sensitivity: medium
      # 2. Information collected during your use of the service.
      - key: user.device.ip_address
        label: IP address
        description: >-
          The IP address your browser or device connects from. It is kept sealed for security;
          analytics see only a truncated address and the country.
        sources: [automatic]
        retention: P30D
        sensitivity: medium
      - key: user.behavior.browsing_history
        label: Browsing information
        description: >-
          The pages you visit on the Platform, the date and time of each access, your browsing
          history on the Platform, and links we consider to be at risk.
        sources: [automatic]
        retention: P1Y
        sensitivity: medium
      - key: user.demographic.language
        label: Language
        description: The language of your browser or device.
        sources: [automatic]
        retention: account
        sensitivity: low
      - key: user.device
        label: Browser, computer and device
        description: >-
          Information about your browser, computer and mobile device, including the device
          model, operating system, screen resolution and the software you commonly use.
        sources: [automatic]
        retention: P1Y
        sensitivity: low
      - key: user.device.device_id
        label: Device ID
        description: The identifier of the mobile device running the Platform's client software.
        sources: [automatic]
        retention: P1Y
        sensitivity: medium
      - key: user.device.cookie_id
        label: Cookie ID
        description: An identifier stored in a cookie so the Platform recognises your browser.
        sources: [automatic]
        retention: P1Y
        sensitivity: medium
      - key: user.location.imprecise
        label: Approximate location
        description: >-
          Your location as read by the mobile web pages or client software, coarsened to the
          city or region before it is stored.
        sources: [automatic]
        retention: P1Y
        sensitivity: medium
      # 3. Information from third parties.
      - key: user.behavior
        label: Interactions with related parties and partners
        description: >-
          Information about your interactions with our related parties and partners, which they
          share with us in accordance with the law or with your agreement or consent.
        sources: [partner]
        retention: P1Y
        sensitivity: medium

    purposes:
      # Use 1: provide, maintain and improve the services.
      - key: essential.service
        title: Providing and maintaining the services you use
        description: Provide you with the services you use, and maintain them.
        basis: by_use
        categories:
          - user.name
          - user.contact.email
          - user.contact.phone_number
          - user.demographic.gender
          - user.demographic.date_of_birth
          - user.authorization.credentials
          - user.content.public
          - user.demographic.language
          - user.device
          - user.device.device_id
          - user.device.cookie_id
          - user.location.imprecise
      - key: functional.service.improve
        title: Improving the services
        description: Optimise and improve the services you use.
        basis: by_use
        categories:
          - user.behavior.browsing_history
          - user.device
          - user.demographic.language
          - user.location.imprecise
          - user.content.private
      - key: essential.service.operations.support
        title: Answering your questions
        description: Answer you when you contact our customer service team.
        basis: by_use
        categories: [user.name, user.contact.email, user.contact.phone_number, user.content.private]
      # Use 2: recommendations and promotions, unsubscribe at any time; partners with consent.
      - key: personalize.content.profiled
        title: Recommending content
        description: Recommend content that may interest you.
        basis: opt_out
        categories:
          - user.behavior.browsing_history
          - user.behavior
          - user.demographic.gender
          - user.demographic.date_of_birth
          - user.demographic.language
          - user.location.imprecise
        # Recommendations profiled from browsing are targeted content: GPC and DNT opt out.
        opt_out_signals: true
        withdraw_via: [privacy_centre, api]
      - key: marketing.advertising.first_party
        title: Personalised promotions on the Platform
        description: Show you personalised promotional information through the system.
        basis: opt_out
        categories:
          - user.behavior.browsing_history
          - user.demographic.gender
          - user.demographic.date_of_birth
          - user.demographic.language
          - user.location.imprecise
          - user.device.cookie_id
          - user.device.device_id
        opt_out_signals: true
        withdraw_via: [privacy_centre, api]
      - key: marketing.communications.email
        title: Product and service information
        description: Send you information about products and services.
        basis: opt_out
        categories: [user.name, user.contact.email, user.demographic.language]
        withdraw_via: [unsubscribe_link, privacy_centre, api]
      - key: third_party_sharing
        title: Sharing with partners
        description: >-
          Share information with our partners, with your consent, so that they can send you
          information about their products and services.
        basis: opt_in
        categories: [user.name, user.contact.email, user.contact.phone_number]
        opt_out_signals: true
        withdraw_via: [unsubscribe_link, privacy_centre, api]
        recipients: [partners]
      # Use 3: fraud, security, illegal acts, breaches of agreements.
      - key: essential.fraud_detection
        title: Preventing and investigating fraud
        description: >-
          Prevent, detect and investigate fraud, illegal acts and violations of our agreements,
          policies or rules.
        basis: by_use
        categories:
          - user.device.ip_address
          - user.device
          - user.device.device_id
          - user.device.cookie_id
          - user.behavior.browsing_history
          - user.behavior
          - user.contact.email
          - user.contact.phone_number
          - user.location.imprecise
      - key: essential.service.security
        title: Keeping your account secure
        description: >-
          Assess the risk to your account, and protect you from phishing scams, Trojan viruses
          and other threats to security.
        basis: by_use
        categories:
          - user.device.ip_address
          - user.device
          - user.device.device_id
          - user.behavior.browsing_history
          - user.authorization.credentials
      # Use 4: combining information across services.
      - key: personalize.content.profiling
        title: Combining information across services
        description: >-
          Combine personal information from one service with information from other services to
          personalise your use of the services.
        basis: opt_in
        categories:
          - user.name
          - user.behavior.browsing_history
          - user.behavior
          - user.content.public
          - user.demographic.gender
          - user.demographic.date_of_birth
          - user.location.imprecise
        withdraw_via: [privacy_centre, api]
      # Use 5: other uses permitted by you.
      - key: collect
        title: Other uses you permit
        description: Other uses of your information that you permit.
        basis: opt_in
        categories: [user]
        withdraw_via: [privacy_centre, api]

    recipients:
      - key: related_parties
        kind: related_party
        label: Related parties
        description: >-
          Companies related to {controller}. To provide services to you jointly or to prevent
          Internet fraud, they may share your personal information with us in accordance with
          the law or with your agreement or consent.
        sends:
          - categories: [user.behavior, user.name, user.contact.email, user.contact.phone_number]
            basis: agreement
      - key: partners
        kind: partner
        label: Partners
        description: >-
          Businesses we work with. With your consent we share information with them so that they
          can send you information about their products and services, and they may share your
          personal information with us in accordance with the law or with your consent.
        receives: [user.name, user.contact.email, user.contact.phone_number]
        sends:
          - categories: [user.behavior, user.name]
            basis: consent
            purpose: personalize.content.profiling

    exclusions:
      - key: trading_records
        kind: trading_records
        description: >-
          Observable data about your trading on the Platform, including but not limited to bids,
          transaction information and evaluation data.
        categories: [user.behavior.purchase_history]
        on_erasure: keep
      - key: search_keywords
        kind: search_keywords
        description: >-
          Keyword information that you enter when using the search service provided by the
          Platform.
        categories: [user.behavior.search_history]
        on_erasure: keep
      - key: credit_and_violations
        kind: credit_and_violations
        description: >-
          Credit evaluations, and violations of laws and regulations or of rules, and the
          measures taken against you.
        categories: [user.criminal_history]
        on_erasure: keep
      - key: business_registration
        kind: business_registration
        description: >-
          Relevant business registration information, such as the name of the company, that must
          be made public as required by laws and regulations, and the information of the natural
          person who operates it.
        categories: [user.name, user.professional_information]
        on_erasure: keep

    """#
}
