import Foundation

/// /quiz and /review.
extension Tutor {
    /// Answers this fast (in seconds) are rated Easy when right.
    static let fastChoice = 8.0, fastText = 20.0

    func question(_ item: QuizItem) throws(TutorError) -> QuizQuestion {
        guard let question = catalog.quiz(for: item.skill)?.questions.first(where: { $0.id == item.questionId }) else {
            throw .io(path: "Skills/\(item.skill)/quiz.yml", reason: "the question '\(item.questionId)' is missing; run 'backend-tutor lint'")
        }
        return question
    }

    // MARK: - starting

    func quiz(_ slug: String?, count: Int) throws(TutorError) -> Output {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        guard let slug = slug ?? profile.currentItem.flatMap(ItemKey.init)?.skillSlug else {
            throw .usage("name the skill to quiz: \(commandPrefix)quiz SLUG, such as \(commandPrefix)quiz http-fundamentals")
        }
        let skill = try findSkill(slug)
        guard let quiz = catalog.quiz(for: skill.slug), !quiz.questions.isEmpty else {
            throw .io(path: "Skills/\(skill.slug)/quiz.yml", reason: "this skill has no usable quiz; run 'backend-tutor lint'")
        }
        var ids = quiz.questions.map(\.id)
        // Fisher-Yates with the context's random source, so tests can fix the order.
        for i in stride(from: ids.count - 1, to: 0, by: -1) {
            ids.swapAt(i, Int(context.random() * Double(i + 1)) % (i + 1))
        }
        let items = ids.prefix(min(count, ids.count)).map { QuizItem(skill: skill.slug, questionId: $0) }
        let session = QuizSession(source: .quiz, title: skill.metadata.title, items: Array(items))
        let intro = Output([.document(Document([
            .heading(level: 1, content: [.text("Quiz: \(skill.metadata.title)")]),
            .paragraph([.text("\(items.count) question\(items.count == 1 ? "" : "s"). Answer by letter, t or f, or a short text; "), .code("/skip"), .text(" passes one, "), .code("/quit"), .text(" ends the quiz and keeps your answers.")]),
        ]))])
        return intro + (try ask(session))
    }

    /// Review cards as `review --list --json` prints them.
    public struct DueCard: Codable, Hashable, Sendable {
        public var skill: String
        public var questionId: String
        public var prompt: String
        public var due: Date
        public var state: String
        public var stability: Double?
        public var difficulty: Double?
    }

    func review(list: Bool, json: Bool) throws(TutorError) -> Output {
        let (store, profile) = try learner()
        let now = context.now()
        let due = try store.dueCards(for: profile, at: now)
        if list {
            let cards = due.map { card in
                DueCard(skill: card.skill, questionId: card.questionId, prompt: (try? question(QuizItem(skill: card.skill, questionId: card.questionId)))?.prompt ?? "",
                        due: card.due, state: "\(card.state)", stability: card.stability, difficulty: card.difficulty)
            }
            if json { return Output(json: try? ProgressExport.encoder().encode(cards)) }
            guard !cards.isEmpty else { return Output([.notice(.info, nothingDue(store: store, profile: profile))]) }
            return Output([.document(Document([
                .heading(level: 1, content: [.text("Due for review")]),
                .list(ordered: false, start: 1, tight: true, items: cards.map { ListItem(blocks: [.paragraph([.strong([.text($0.skill)]), .text(" — \($0.prompt)")])]) }),
            ]))])
        }
        guard !due.isEmpty else { return Output([.notice(.info, nothingDue(store: store, profile: profile))]) }
        let items = due.map { QuizItem(skill: $0.skill, questionId: $0.questionId) }
        let session = QuizSession(source: .review, title: "Review", items: items)
        let intro = Output([.document(Document([
            .heading(level: 1, content: [.text("Review: \(items.count) card\(items.count == 1 ? "" : "s") due")]),
            .paragraph([.text("Recall each answer before you type it; the schedule adapts to how well you remember.")]),
        ]))])
        return intro + (try ask(session))
    }

    private func nothingDue(store: ProgressStore, profile: Profile) -> String {
        let total = (try? store.cardCount(for: profile)) ?? 0
        if total == 0 { return "No review cards yet: every question you answer in a \(commandPrefix)quiz becomes one." }
        return "Nothing is due now; your \(total) cards come back when FSRS-6 schedules them."
    }

    /// How many cards are due, for the REPL's welcome.
    public func dueCount() -> Int {
        guard let store = context.progress, let profile = try? store.existingProfile(named: context.profileName) else { return 0 }
        return (try? store.dueCards(for: profile, at: context.now()).count) ?? 0
    }

    /// Shows the session's current question and asks for its answer.
    func ask(_ session: QuizSession) throws(TutorError) -> Output {
        guard let item = session.current else { return try finish(session) }
        let q = try question(item)
        var blocks: [Block] = [.paragraph([.strong([.text("Question \(session.index + 1) of \(session.items.count)")]),
                                           .text(session.source == .review ? " · \(catalog.metadata(item.skill)?.title ?? item.skill)" : "")])]
        blocks += MarkdownParser.parse(q.prompt).blocks
        if !q.choices.isEmpty {
            for (index, choice) in q.choices.enumerated() {
                let letter = String(Character(Unicode.Scalar(UInt8(97 + index))))
                blocks.append(.paragraph([.strong([.text("  \(letter)) ")]), .text(choice)]))
            }
        }
        var prompt = Grader.hint(q)
        if session.last != nil { prompt += "; /rate again|hard|good|easy changes the last rating" }
        return Output([.document(Document(blocks))], question: Question(kind: .quiz(session), prompt: prompt, choices: [], defaultAnswer: nil,
                                                                        pending: Invocation(command: .quiz(skill: item.skill, count: session.items.count))))
    }

    // MARK: - answering

    /// Answers a question the tutor asked: a quiz answer, or the stack, start level or a
    /// confirmation. nil when the answer cancels the command.
    public func respond(to question: Question, with line: String, elapsed: Double? = nil) throws(TutorError) -> Output? {
        guard case .quiz(let session) = question.kind else {
            guard let invocation = try answer(question, with: line) else { return nil }
            return try execute(invocation)
        }
        return try quizAnswer(session, line: line, elapsed: elapsed)
    }

    func quizAnswer(_ session: QuizSession, line: String, elapsed: Double?) throws(TutorError) -> Output {
        var session = session
        let text = line.trimmedWhitespace
        switch text.lowercased() {
        case "/quit", "/q", "/exit":
            return try finish(session, stopped: true)
        case "/skip":
            session.skipped += 1
            session.index += 1
            session.retries = 0
            return try ask(session)
        default:
            break
        }
        if text.lowercased().hasPrefix("/rate") {
            return try rerate(session, text.dropFirst(5).trimmingCharacters(in: .whitespaces).lowercased())
        }
        guard let item = session.current else { return try finish(session) }
        let q = try question(item)
        let result = Grader.grade(q, text)
        if case .invalid(let hint) = result {
            session.retries += 1
            return Output([.notice(.warning, "Not an answer: \(hint). Nothing was counted.")]) + (try ask(session))
        }
        let correct = result == .correct
        let fast = (q.kind == .short ? Self.fastText : Self.fastChoice)
        let rating: Rating = !correct ? .again : session.retries > 0 ? .hard : (elapsed.map { $0 < fast } ?? false) ? .easy : .good
        let (store, profile) = try learner()
        let now = context.now()
        let before = try store.card(skill: item.skill, questionId: item.questionId, for: profile)
        let card = context.scheduler.review(before ?? ReviewCard(due: now), rating: rating, at: now, random: context.random)
        try store.record(card, skill: item.skill, questionId: item.questionId, rating: rating, correct: correct,
                         elapsed: elapsed, source: session.source.rawValue, for: profile, now: now)
        session.answered += 1
        if correct { session.right += 1 } else { session.missed.append(item) }
        session.last = .init(item: item, before: before, at: now, rating: rating, correct: correct, elapsed: elapsed)
        session.index += 1
        session.retries = 0
        var feedback: [OutputBlock] = [correct
            ? .notice(.success, "Right.")
            : .notice(.error, "Not quite. The answer: \(Grader.rightAnswer(q))")]
        feedback.append(.document(Document(MarkdownParser.parse(q.explanation).blocks)))
        feedback.append(.notice(.info, "Rated \(rating.name); next review \(whenDue(card.due, from: now))."))
        return Output(feedback) + (try ask(session))
    }

    private func rerate(_ session: QuizSession, _ name: String) throws(TutorError) -> Output {
        guard let last = session.last else { throw .usage("there is no answer to rate yet") }
        guard let rating = Rating.allCases.first(where: { $0.name.lowercased() == name }) else {
            throw .usage("rate with again, hard, good or easy: /rate good")
        }
        var session = session
        let (store, profile) = try learner()
        let card = context.scheduler.review(last.before ?? ReviewCard(due: last.at), rating: rating, at: last.at, random: context.random)
        try store.record(card, skill: last.item.skill, questionId: last.item.questionId, rating: rating, correct: last.correct,
                         elapsed: last.elapsed, source: session.source.rawValue, for: profile, now: last.at)
        session.last?.rating = rating
        return Output([.notice(.success, "Rated \(rating.name) instead; next review \(whenDue(card.due, from: last.at)).")]) + (try ask(session))
    }

    private func finish(_ session: QuizSession, stopped: Bool = false) throws(TutorError) -> Output {
        var blocks: [Block] = [.heading(level: 2, content: [.text(stopped ? "Stopped" : "Done")])]
        var score = "\(session.right) of \(session.answered) right"
        if session.skipped > 0 { score += ", \(session.skipped) skipped" }
        if stopped, session.index < session.items.count { score += ", \(session.items.count - session.index) not asked" }
        blocks.append(.paragraph([.strong([.text(score + ".")]), .text(session.answered > 0 ? " Your answers are saved as review cards." : "")]))
        var reread: [(String, Int, String)] = []
        for item in session.missed {
            guard let q = try? question(item), let skill = catalog.metadata(item.skill),
                  let number = skill.lessons.firstIndex(of: q.lesson) else { continue }
            if !reread.contains(where: { $0.0 == item.skill && $0.1 == number + 1 }) { reread.append((item.skill, number + 1, q.lesson)) }
        }
        if !reread.isEmpty {
            blocks.append(.paragraph([.text("Reread:")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: reread.map { slug, number, title in
                ListItem(blocks: [.paragraph([.text("\(title) — "), .code("\(commandPrefix)goto \(slug) \(number)")])])
            }))
        }
        var output = Output([.document(Document(blocks))])
        if session.source == .quiz, let slug = session.items.first?.skill, let mastery = try mastery(of: slug) {
            output.blocks.append(.notice(.info, "Mastery of \(session.title): \(Int((mastery * 100).rounded()))% of its questions answered right at your latest try."))
        }
        return output
    }

    /// `in 10 minutes`, `tomorrow`, `in 12 days`.
    func whenDue(_ due: Date, from now: Date) -> String {
        let seconds = due.timeIntervalSince(now)
        if seconds < 3_600 {
            let minutes = max(1, Int((seconds / 60).rounded()))
            return minutes == 1 ? "in a minute" : "in \(minutes) minutes"
        }
        if seconds < 86_400 {
            let hours = Int((seconds / 3_600).rounded())
            return hours == 1 ? "in an hour" : "in \(hours) hours"
        }
        let days = Int((seconds / 86_400).rounded())
        return days == 1 ? "tomorrow" : "in \(days) days"
    }

    // MARK: - mastery

    /// The share of a skill's questions whose latest answer was right; nil before any answer.
    public func mastery(of slug: String) throws(TutorError) -> Double? {
        guard let store = context.progress, let profile = try store.existingProfile(named: context.profileName) else { return nil }
        guard let answers = try store.latestAnswers(for: profile)[slug], !answers.answered.isEmpty else { return nil }
        let total = catalog.quiz(for: slug)?.questions.count ?? answers.answered.count
        return Double(answers.right.count) / Double(max(total, 1))
    }

    /// Below this, a finished skill gets a quiz suggested.
    static let masteryGoal = 0.6
}
