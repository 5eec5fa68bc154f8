import Foundation

/// The demo's vocabulary: the platform's services, the topics its content is about, and the
/// words titles and names are made of. Fixed, so that a seed gives the same demo.
enum DemoWorld {
    /// A service of the demo platform and what it publishes.
    struct Service {
        var name: String
        var kind: String
        /// The kind of catalogue item it publishes, nil for an app that shows others' items.
        var publishes: ItemKind?
        var host: String
    }

    enum ItemKind: String, CaseIterable {
        case article, video, product
    }

    static let services = [
        Service(name: "daily-web", kind: "web", publishes: .article, host: "daily.example"),
        Service(name: "daily-ios", kind: "ios", publishes: nil, host: "daily.example"),
        Service(name: "daily-video", kind: "web", publishes: .video, host: "video.daily.example"),
        Service(name: "daily-shop", kind: "web", publishes: .product, host: "shop.daily.example"),
    ]

    /// How the catalogue divides between the kinds.
    static let kindShare: [ItemKind: Double] = [.article: 0.7, .video: 0.2, .product: 0.1]

    struct Topic {
        var tag: String
        var nouns: [String]
    }

    static let topics = [
        Topic(tag: "football", nouns: ["Transfer window", "Derby", "Title race", "Cup run", "Goalkeeper", "Academy", "Relegation fight", "Manager"]),
        Topic(tag: "tennis", nouns: ["Grand slam", "Clay season", "Doubles final", "Serve", "Rising star", "Wimbledon", "Comeback", "Rankings"]),
        Topic(tag: "cycling", nouns: ["Mountain stage", "Time trial", "Sprint finish", "Gravel race", "Commute", "Climb", "Peloton", "Bike fit"]),
        Topic(tag: "cooking", nouns: ["Sourdough", "Weeknight curry", "Lentil soup", "Fermentation", "Knife skills", "Roast chicken", "Dumplings", "Pantry"]),
        Topic(tag: "travel", nouns: ["Night train", "Island hopping", "City break", "Hiking trail", "Road trip", "Hidden beach", "Old town", "Packing list"]),
        Topic(tag: "technology", nouns: ["Smartphone", "Laptop", "Open source", "Chip shortage", "Home network", "Privacy setting", "Battery life", "Start-up"]),
        Topic(tag: "science", nouns: ["Telescope", "Climate model", "Gene editing", "Exoplanet", "Volcano", "Quantum computer", "Fossil find", "Vaccine"]),
        Topic(tag: "finance", nouns: ["Interest rates", "Pension", "Mortgage", "Index fund", "Budget", "Inflation", "Savings account", "Tax return"]),
        Topic(tag: "music", nouns: ["Debut album", "Festival", "Vinyl", "String quartet", "World tour", "Playlist", "Jazz club", "Songwriter"]),
        Topic(tag: "film", nouns: ["Box office", "Director's cut", "Documentary", "Award season", "Sequel", "Indie drama", "Soundtrack", "Animation"]),
        Topic(tag: "gardening", nouns: ["Tomato", "Compost", "Allotment", "Pruning", "Wildflower meadow", "Houseplant", "Raised bed", "Seed swap"]),
        Topic(tag: "health", nouns: ["Sleep", "Running plan", "Strength training", "Diet myth", "Stretching", "Hydration", "Posture", "Mindfulness"]),
    ]

    static let angles: [ItemKind: [String]] = [
        .article: ["what we learned", "five things to know", "the long read", "an explainer", "the numbers behind it", "a beginner's guide",
                   "what happens next", "in pictures", "our verdict", "the view from the ground"],
        .video: ["watch the highlights", "behind the scenes", "in ten minutes", "the interview", "a walkthrough", "live session"],
        .product: ["starter kit", "pro edition", "gift set", "essentials bundle", "travel size", "classic"],
    ]

    static let firstNames = [
        "Ada", "Ben", "Chloé", "Dev", "Elif", "Farah", "George", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya",
        "Quinn", "Rosa", "Sam", "Tariq", "Una", "Viktor", "Wen", "Xavier", "Yara", "Zoë", "Amara", "Bruno", "Carmen", "Dmitri",
        "Esther", "Finn", "Greta", "Hugo", "Imani", "Jonas", "Keiko", "Luca", "Maya", "Noah",
    ]

    static let lastNames = [
        "Okafor", "Schmidt", "Nakamura", "García", "Kowalski", "Haddad", "O'Brien", "Silva", "Andersson", "Rossi", "Dubois", "Kim",
        "Novak", "Mensah", "Petrov", "Costa", "Jensen", "Yilmaz", "Murphy", "Chen", "Moreau", "Fischer", "Ivanova", "Santos",
        "Larsen", "Ahmed", "Walsh", "Kaur", "Bianchi", "Lindqvist",
    ]

    /// Real user agents of the kinds of browsers the demo's people use.
    static let browsers = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    ]

    static let crawler = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

    static let locales = ["en-GB", "en-US", "de-DE", "fr-FR", "es-ES", "nl-NL", "sv-SE"]

    /// iPhone models for the app's device context.
    static let iPhones = ["iPhone15,2", "iPhone15,4", "iPhone16,1", "iPhone14,7", "iPhone17,3"]

    /// Letters of a name as they may appear in an email address (ASCII, lower case).
    static func emailPart(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return String(folded.unicodeScalars.filter { ($0 >= "a" && $0 <= "z") }.map(Character.init))
    }
}
