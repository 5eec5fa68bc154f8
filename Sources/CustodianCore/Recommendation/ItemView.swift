/// One view of a catalogue item by a person, as the model learns it.
public struct ItemView: Sendable, Equatable {
    public var person: String
    /// The item's index in the model's catalogue.
    public var item: UInt32
    /// When the view happened (ms since the epoch).
    public var at: Int64

    public init(person: String, item: UInt32, at: Int64) {
        self.person = person
        self.item = item
        self.at = at
    }
}

extension CoVisitationModel {
    /// Learns `views` in time order (ties by person, then item), as a rebuild does: the same
    /// views give the same model whatever order they were read in.
    public mutating func learn(_ views: [ItemView]) {
        let ordered = views.sorted { ($0.at, $0.person, $0.item) < ($1.at, $1.person, $1.item) }
        for view in ordered { record(person: view.person, item: view.item, at: view.at) }
    }
}
