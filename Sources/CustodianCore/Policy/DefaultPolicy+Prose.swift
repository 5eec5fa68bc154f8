extension DefaultPolicy {
    /// The text of every section, tidied from the seed; `{controller}` stands for the name.
    static let prose: String = #"""
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
