extension FormView {
    /// A multi-line text field, tied to its label, hint and error like ``input(_:label:type:value:required:autocomplete:hint:errors:)``.
    static func textarea(
        _ name: String, label text: String, value: String?, required: Bool = false, rows: Int = 6, maxLength: Int? = nil,
        hint: String? = nil, errors: FormErrors
    ) -> String {
        let (lines, describedBy) = described(name, hint: hint, errors: errors)
        var attributes = "id=\"\(esc(id(name)))\" name=\"\(esc(name))\" rows=\"\(rows)\""
        if required { attributes += " required" }
        if let maxLength { attributes += " maxlength=\"\(maxLength)\"" }
        return "<div class=\"field\">\(label(name, text, required: required))\(lines)<textarea \(attributes)\(describedBy)>\(esc(value ?? ""))</textarea></div>"
    }
}
