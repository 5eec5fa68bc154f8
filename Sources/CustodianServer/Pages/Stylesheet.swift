import CustodianCore

/// The one stylesheet of the pages, served at `/assets/custodian.css`.
///
/// Inline styles are forbidden by the Content-Security-Policy (`style-src 'self'`), so every
/// page links this file. Readable on a phone (fluid width, 16px+ text so mobile browsers do not
/// zoom into fields, 44px touch targets), with a focus ring that is always visible and error
/// states that do not rely on colour alone.
enum Stylesheet {
    /// A digest of the text: the link carries it, so the file can be cached for a year and a
    /// changed stylesheet is still fetched at once.
    static let version = String(Hex.encode(Identifiers.secretDigest(css)).prefix(12))

    /// The address pages link.
    static let href = "/assets/custodian.css?v=\(version)"

    static let css = """
        :root { color-scheme: light dark; --text: #1b1b1f; --muted: #4a4a55; --bg: #ffffff; --line: #8a8a96; \
        --accent: #1a4fd6; --focus: #ffbf47; --error: #b3261e; --ok: #1e6b34; --panel: #f3f4f7; }
        @media (prefers-color-scheme: dark) {
          :root { --text: #ececf1; --muted: #b9b9c6; --bg: #141418; --line: #8c8c99; --accent: #8fb0ff; \
        --error: #ff8a80; --ok: #7fd49b; --panel: #202027; }
        }
        *, *::before, *::after { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--text); font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main, header > nav { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
        main { padding-bottom: 3rem; }
        h1 { font-size: 1.75rem; line-height: 1.25; margin: 1.5rem 0 1rem; }
        h2 { font-size: 1.3rem; margin: 2rem 0 0.75rem; }
        a { color: var(--accent); text-underline-offset: 0.15em; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--text); }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
        .skip-link { position: absolute; left: -999rem; }
        .skip-link:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem 1rem; z-index: 1; }
        header { border-bottom: 1px solid var(--line); }
        header ul { list-style: none; margin: 0; padding: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; align-items: center; }
        header li { margin: 0; }
        header a, header button { display: inline-block; min-height: 2.75rem; padding: 0.6rem 0; }
        header form { margin: 0; }
        header button { background: none; border: 0; color: var(--accent); font: inherit; text-decoration: underline; cursor: pointer; }
        form { margin: 1rem 0; }
        .field { margin: 0 0 1.25rem; }
        label, legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
        .hint { display: block; color: var(--muted); margin: 0 0 0.25rem; }
        .required { color: var(--error); font-weight: 700; }
        input[type=text], input[type=email], input[type=password], input[type=tel], input[type=date], input[type=url], select, textarea {
          display: block; width: 100%; max-width: 30rem; min-height: 2.75rem; padding: 0.5rem 0.6rem; font: inherit; font-size: max(1rem, 16px);
          color: var(--text); background: var(--bg); border: 2px solid var(--line); border-radius: 4px; }
        textarea { max-width: 40rem; resize: vertical; }
        .comment-list { list-style: none; padding: 0; }
        .comment { border-top: 1px solid var(--line); padding: 0.75rem 0; }
        .comment header p { margin: 0; }
        .comment-meta { color: var(--muted); }
        [aria-invalid=true] { border-color: var(--error); border-width: 3px; }
        .field-error { color: var(--error); font-weight: 700; margin: 0 0 0.25rem; }
        .error-summary { border: 3px solid var(--error); padding: 0.75rem 1rem; margin: 1rem 0 1.5rem; }
        .error-summary h2 { margin-top: 0; font-size: 1.15rem; }
        .notice { border-left: 5px solid var(--ok); background: var(--panel); padding: 0.75rem 1rem; margin: 1rem 0; }
        .panel { background: var(--panel); padding: 0.75rem 1rem; margin: 1rem 0; border-radius: 4px; }
        button, .button { display: inline-block; min-height: 2.75rem; padding: 0.55rem 1.1rem; font: inherit; font-weight: 600; border-radius: 4px; \
        border: 2px solid var(--accent); background: var(--accent); color: var(--bg); cursor: pointer; text-decoration: none; }
        .button-secondary { background: transparent; color: var(--accent); }
        .button-danger { border-color: var(--error); background: var(--error); color: var(--bg); }
        .actions { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: center; margin: 1.5rem 0; }
        dl.profile { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
        dl.profile dt { font-weight: 600; }
        dl.profile dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
        th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
        code { overflow-wrap: anywhere; }
        textarea { display: block; width: 100%; max-width: 36rem; padding: 0.5rem 0.6rem; font: inherit; font-size: max(1rem, 16px); \
        color: var(--text); background: var(--bg); border: 2px solid var(--line); border-radius: 4px; }
        nav.centre ul { list-style: none; padding: 0; margin: 1rem 0 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
        nav.centre a { display: inline-block; min-height: 2.75rem; padding: 0.6rem 0; }
        nav.centre a[aria-current=page] { font-weight: 700; text-decoration: none; border-bottom: 3px solid var(--accent); }
        .category, .choice { border-top: 1px solid var(--line); padding: 0.5rem 0 0.25rem; }
        .category h3, .choice h3 { margin: 0.5rem 0 0.25rem; font-size: 1.1rem; }
        .category h4 { margin: 0.5rem 0 0; font-size: 1rem; }
        .state-on { color: var(--ok); }
        .state-off { color: var(--muted); }
        @media (max-width: 30rem) { h1 { font-size: 1.5rem; } dl.profile { grid-template-columns: 1fr; } dl.profile dd { margin-bottom: 0.5rem; } }
        """
}
