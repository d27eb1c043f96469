/// Hộ gia đình: people registered together at one permanent residence, with one head.
public struct Household: Hashable, Codable, Sendable {
    public struct Member: Hashable, Codable, Sendable {
        public var personalNumber: PersonalNumber
        public var relationshipToHead: RelationshipToHead

        public init(personalNumber: PersonalNumber, relationshipToHead: RelationshipToHead) {
            self.personalNumber = personalNumber
            self.relationshipToHead = relationshipToHead
        }
    }

    public var id: String
    public var head: PersonalNumber
    public var address: Place
    public var members: [Member]

    public init(id: String, head: PersonalNumber, address: Place, members: [Member]) {
        self.id = id
        self.head = head
        self.address = address
        self.members = members
    }
}
