import Foundation
import Testing

@testable import CustodianCore

@Suite("Policy renderer")
struct PolicyRendererTests {
    let policy = TestPolicies.defaultPolicy

    @Test func markdownContainsEveryProseString() {
        let page = PolicyRenderer.markdown(policy)
        for text in policy.allProse {
            #expect(page.contains(text), "missing from Markdown: \(text)")
        }
    }

    @Test func htmlContainsEveryProseStringEscaped() {
        let page = PolicyRenderer.html(policy)
        for text in policy.allProse {
            #expect(page.contains(PolicyRenderer.escapeHTML(text)), "missing from HTML: \(text)")
        }
    }

    @Test func controllerNameReplacesThePlaceholderAndOpensTheSentence() {
        let page = PolicyRenderer.markdown(policy)
        #expect(page.contains("The Platform (hereinafter referred to as “we”)"))
        #expect(!page.contains("{controller}"))
    }

    @Test func htmlHasTableOfContentsWithWorkingAnchors() {
        let page = PolicyRenderer.html(policy)
        for section in PolicyRenderer.sections(policy) {
            #expect(page.contains("href=\"#\(section.id)\""))
            #expect(page.contains("<section id=\"\(section.id)\""))
        }
        #expect(page.contains("<nav aria-labelledby=\"contents-title\">"))
    }

    @Test func htmlTableListsEveryCategoryWithItsPurposes() {
        let page = PolicyRenderer.html(policy)
        #expect(page.contains("<caption>"))
        for category in policy.categories {
            #expect(page.contains("<code>\(category.key)</code>"))
        }
        #expect(page.contains("Sharing with partners <small>(only with your consent)</small>"))
        #expect(page.contains("<td>30 days</td>"))
    }

    @Test func htmlEscapesPolicyText() {
        var hostile = policy
        hostile.controller.name = "<script>alert('x')</script> & Co"
        hostile.categories[0].label = "\"Name\" <b>"
        let page = PolicyRenderer.html(hostile)
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
        #expect(page.contains("&quot;Name&quot; &lt;b&gt;"))
    }

    @Test func htmlShowsContactChannels() {
        #expect(PolicyRenderer.html(policy).contains("<a href=\"/contact\">Contact form</a>"))
    }

    @Test func markdownListsExclusionsNumbered() {
        let page = PolicyRenderer.markdown(policy)
        for index in 1...4 { #expect(page.contains("(\(index)) ")) }
    }

    @Test func jsonCarriesFideslangKeysInSortedOrder() throws {
        let json = PolicyRenderer.json(policy)
        #expect(json.contains("\"data_use\" : \"third_party_sharing\""))
        #expect(json.contains("\"user.device.ip_address\""))
        #expect(json.contains("\"content_hash\" : \"\(policy.contentHash)\""))
        let acceptance = try #require(json.range(of: "\"acceptance\""))
        let categories = try #require(json.range(of: "\"categories\""))
        #expect(acceptance.lowerBound < categories.lowerBound)
    }

    @Test func jsonRoundTripsToTheSamePolicy() throws {
        let decoded = try Policy.fromJSON(Data(PolicyRenderer.json(policy).utf8))
        #expect(decoded == policy)
    }

    @Test func contentHashIsStableAndSensitiveToChanges() {
        #expect(policy.contentHash == TestPolicies.defaultPolicy.contentHash)
        #expect(policy.contentHash.count == 64)
        var changed = policy
        changed.prose.title = "Privacy Notice"
        #expect(changed.contentHash != policy.contentHash)
    }
}
