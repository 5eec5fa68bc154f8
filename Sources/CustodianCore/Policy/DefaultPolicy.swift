/// The policy a fresh installation enforces: the seed privacy policy, encoded completely.
///
/// It is compiled in, not shipped as a resource, so a static binary needs no files. The prose is
/// the seed's own, tidied for grammar; `{controller}` stands for the controller's name, which the
/// seed leaves blank.
public enum DefaultPolicy {
    /// The default policy file, in the format ``PolicyLoader`` reads.
    public static let yaml: String = #"""
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
      - key: partners
        kind: partner
        label: Partners
        description: >-
          Businesses we work with. With your consent we share information with them so that they
          can send you information about their products and services, and they may share your
          personal information with us in accordance with the law or with your consent.

    exclusions:
      - key: trading_records
        kind: trading_records
        description: >-
          Observable data about your trading on the Platform, including but not limited to bids,
          transaction information and evaluation data.
        categories: [user.behavior.purchase_history]
      - key: search_keywords
        kind: search_keywords
        description: >-
          Keyword information that you enter when using the search service provided by the
          Platform.
        categories: [user.behavior.search_history]
      - key: credit_and_violations
        kind: credit_and_violations
        description: >-
          Credit evaluations, and violations of laws and regulations or of rules, and the
          measures taken against you.
        categories: [user.criminal_history]
      - key: business_registration
        kind: business_registration
        description: >-
          Relevant business registration information, such as the name of the company, that must
          be made public as required by laws and regulations, and the information of the natural
          person who operates it.
        categories: [user.name, user.professional_information]

    prose:
      title: Privacy Policy
      introduction:
        - >-
          {controller} (hereinafter referred to as “we”) is very respectful of the protection of
          users' personal information. When you use the services provided by the Platform, we will
          collect, use and share your personal information in accordance with this Privacy Policy.
        - >-
          This Privacy Policy contains provisions for the collection, storage, use, sharing and
          protection of your personal information. We encourage you to read this Privacy Policy in
          its entirety to help you understand how to protect your privacy.
      scope:
        title: Scope of application
        paragraphs:
          - >-
            This Privacy Policy applies to all services provided by the Platform, including your
            access to the Platform's website and to the services provided through the Platform's
            client applications.
      collection:
        title: How we collect information
        paragraphs:
          - >-
            We collect information to provide you with quality, personalised service. We collect
            information in the following ways:
        clauses:
          - title: The information you provide to us.
            paragraphs:
              - >-
                The information you fill in and/or submit when you register your account and
                when you use the services of the Platform, including your name, gender, date of
                birth, phone number, email address and more.
            refs: [provided]
          - title: Information collected during your use of the service.
            paragraphs:
              - >-
                In order to provide and optimise the services you need, we collect information
                about your use of the services, including information about your browser and
                computer that the system automatically receives and records when you use the
                Platform's services or visit the Platform's pages, including but not limited to
                your IP address, browsing information, the date and time of access, your language
                and your browsing history.
              - >-
                If you access mobile web pages using the Platform's services, or download or use
                the client software of the Platform or its associated companies, it may read
                information about your location and your mobile device, including but not limited
                to the device model, operating system, device ID, screen resolution and more.
              - >-
                In addition to the above, we may also collect other information in order to
                provide services and improve the quality and personalisation of services,
                including the information you provide when you contact our customer service team,
                the information you give us when you take part in a survey or questionnaire, and
                the information we collect when you interact with our related parties and
                partners.
              - >-
                At the same time, in order to make your use of the Platform's services more
                secure and to prevent phishing scams and Trojan viruses, we may assess the risk to
                your account by understanding or recording some of your network usage habits, the
                software you commonly use and similar information, and we may record some URLs
                that we consider to be at risk.
            refs: [automatic]
      third_parties:
        title: Information from third parties
        paragraphs:
          - >-
            In order to provide you with better and more personalised services, to provide
            services to you jointly, or to prevent Internet fraud, our related parties and
            partners may share your personal information with us in accordance with the law, or
            with your agreement or consent.
        clauses:
          - paragraphs:
              - Our related parties and partners are described below.
            refs: [partner, related_parties, partners]
      exclusions_introduction: >-
        You understand and agree that this Privacy Policy does not apply to the following
        information:
      use:
        title: How we use information
        paragraphs:
          - >-
            The purpose of collecting your information is to provide you with quality and
            personalised service. For this purpose, we will use your information for the
            following purposes:
        clauses:
          - paragraphs:
              - To provide you with the services you use, and to maintain and improve them.
            refs: [essential.service, functional.service.improve, essential.service.operations.support]
          - paragraphs:
              - >-
                To recommend content that may interest you, including but not limited to showing
                you personalised promotional information through the system, sending you
                information about products and services, or, with your consent, sharing
                information with our partners so that they can send you information about their
                products and services. If you do not wish to receive such information, you can
                unsubscribe through the corresponding unsubscribe function.
            refs:
              - personalize.content.profiled
              - marketing.advertising.first_party
              - marketing.communications.email
              - third_party_sharing
          - paragraphs:
              - >-
                We may use your personal information to prevent, detect and investigate fraud,
                threats to security, illegal acts, and violations of our agreements, policies or
                rules or those of our affiliates, in order to protect the legal rights of you,
                other users, us or our affiliates.
            refs: [essential.fraud_detection, essential.service.security]
          - paragraphs:
              - >-
                We may combine personal information from one service with information from other
                services in order to give you a more personalised experience, for example to let
                you share information with, or disclose it to, a wider social circle when you
                want to.
            refs: [personalize.content.profiling]
          - paragraphs:
              - Other uses permitted by you.
            refs: [collect]
      comments:
        title: Leave a Reply
        paragraphs:
          - Your email address will not be published. Required fields are marked *
    """#
}
