/// Where each skill stands in a list of skills, by slug: an open-addressing table over FNV-1a
/// hashes of the slugs' bytes, each hit checked against the slug itself. A `[String: Int]` hashed
/// every slug with SipHash, about 575 instructions a lookup or an insertion: 0.7 million of
/// `progress` at 10,000 lessons, where the catalog inserts 500 slugs and the path asks for 900.
struct SlugIndex: Sendable {
    /// A skill's position plus one in each slot; 0 for an empty slot.
    private var slots: [Int]
    private let mask: Int

    /// The index of `skills`; of two skills with one slug, the first is found.
    init(_ skills: [SkillMetadata]) {
        var capacity = 8
        while capacity < skills.count * 2 { capacity *= 2 }
        slots = [Int](repeating: 0, count: capacity)
        mask = capacity - 1
        for position in skills.indices {
            var slot = Self.hash(skills[position].slug) & mask
            while slots[slot] != 0, skills[slots[slot] - 1].slug != skills[position].slug {
                slot = (slot + 1) & mask
            }
            if slots[slot] == 0 { slots[slot] = position + 1 }
        }
    }

    /// The position in `skills` (the list the index was made of) of the skill named `slug`.
    func position(of slug: String, in skills: [SkillMetadata]) -> Int? {
        var slot = Self.hash(slug) & mask
        while slots[slot] != 0 {
            let position = slots[slot] - 1
            if skills[position].slug == slug { return position }
            slot = (slot + 1) & mask
        }
        return nil
    }

    private static func hash(_ slug: String) -> Int {
        var hash = Hash64()
        hash.add(slug)
        return Int(truncatingIfNeeded: hash.number ^ (hash.number >> 29))
    }
}
