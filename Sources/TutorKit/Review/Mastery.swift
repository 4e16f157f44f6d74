/// How much of a skill's quiz a learner knows: the share of its questions whose latest answer
/// was right.
public enum Mastery {
    /// Below this, a finished skill gets a quiz suggested.
    public static let goal = 0.6

    /// Every quizzed skill's mastery. A quiz that can no longer be read counts the questions
    /// answered.
    public static func all(store: ProgressStore, profile: Profile, catalog: Catalog) throws(StoreError) -> [String: Double] {
        var result: [String: Double] = [:]
        for (slug, answers) in try store.latestAnswers(for: profile) where !answers.answered.isEmpty {
            let total = (try? catalog.loadQuiz(slug))?.questions.count ?? answers.answered.count
            result[slug] = Double(answers.right.count) / Double(max(total, 1))
        }
        return result
    }

    /// One skill's mastery; nil before any answer.
    public static func of(_ slug: String, store: ProgressStore, profile: Profile, catalog: Catalog) throws(StoreError) -> Double? {
        guard let answers = try store.latestAnswers(for: profile)[slug], !answers.answered.isEmpty else { return nil }
        let total = (try? catalog.loadQuiz(slug))?.questions.count ?? answers.answered.count
        return Double(answers.right.count) / Double(max(total, 1))
    }

    /// `42%`.
    public static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
