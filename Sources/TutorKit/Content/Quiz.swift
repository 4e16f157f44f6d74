import Yams

/// One question of a skill's quiz.
public struct QuizQuestion: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case single, multiple, truefalse, short
    }

    public enum Answer: Hashable, Sendable {
        /// The index of the right choice.
        case choice(Int)
        /// The indices of every right choice.
        case choices(Set<Int>)
        case truth(Bool)
        /// Accepted short answers.
        case accepted([String])
    }

    public var id: String
    public var kind: Kind
    public var lesson: String
    public var prompt: String
    public var choices: [String]
    public var answer: Answer
    public var explanation: String
}

public struct Quiz: Hashable, Sendable {
    public var questions: [QuizQuestion]
}

/// The one reader of `quiz.yml`, for the catalog and lint alike. A question with a problem is
/// left out; the rules on the whole quiz (its length, the kinds it uses) are reported with it.
enum QuizReader {
    static let minimumQuestions = 10

    static let fields: Set<String> = ["id", "kind", "lesson", "prompt", "choices", "answer", "explanation"]

    static func letterIndex(_ text: String) -> Int? {
        guard text.count == 1, let scalar = text.lowercased().unicodeScalars.first, ("a"..."z").contains(scalar) else { return nil }
        return Int(scalar.value - UnicodeScalar("a").value)
    }

    /// The path of a skill's quiz, relative to the content root.
    static func file(_ slug: String) -> String { "Skills/\(slug)/quiz.yml" }

    static func read(text: String, file: String, lessons: Set<String>, sink: ProblemSink) -> Quiz? {
        guard let top = YAMLFields.file(text, list: "questions", sink: sink) else { return nil }
        top.rejectUnknownKeys(["questions"])
        guard let items = top.mappings("questions") else { return nil }
        var questions: [QuizQuestion] = []
        var ids: Set<String> = []
        for item in items {
            item.rejectUnknownKeys(fields)
            let id = item.uniqueID(&ids, noun: "question")
            let kind = item.choice("kind", QuizQuestion.Kind.self)
            let lesson = item.string("lesson")
            if let lesson, !lessons.isEmpty, !lessons.contains(lesson) {
                let hint = Suggestions.nearest(to: lesson, in: lessons, limit: 1).first.map { " (did you mean '\($0)'?)" } ?? ""
                item.sink.report(item.line(of: "lesson"), item.path + "lesson", "'\(lesson)' is not a lesson of this skill\(hint)")
            }
            let prompt = item.string("prompt")
            let explanation = item.string("explanation")
            var choices: [String] = []
            var answer: QuizQuestion.Answer?
            switch kind {
            case .single, .multiple:
                choices = item.strings("choices", count: 2...6) ?? []
                answer = choiceAnswer(item, kind: kind!, choices: choices.count)
            case .truefalse:
                if item.has("choices") { item.sink.report(item.line(of: "choices"), item.path + "choices", "a truefalse question has no choices") }
                if let node = item.node("answer") {
                    if let value = YAMLFields.bool(node) { answer = .truth(value) } else {
                        item.sink.report(item.line(of: "answer"), item.path + "answer", "must be true or false")
                    }
                } else {
                    item.sink.report(item.line, item.path + "answer", "is required")
                }
            case .short:
                if item.has("choices") { item.sink.report(item.line(of: "choices"), item.path + "choices", "a short-answer question has no choices") }
                if let accepted = item.strings("answer", count: 1...20) { answer = .accepted(accepted) }
            case nil:
                break
            }
            if let id, let kind, let lesson, let prompt, let explanation, let answer {
                questions.append(QuizQuestion(id: id, kind: kind, lesson: lesson, prompt: prompt, choices: choices, answer: answer, explanation: explanation))
            }
        }
        if items.count < minimumQuestions {
            sink.report(top.line(of: "questions"), "questions", "a quiz has at least \(minimumQuestions) questions; this one has \(items.count)")
        }
        let kinds = Set(questions.map(\.kind))
        if kinds.count < 3 {
            sink.report(top.line(of: "questions"), "questions", "use at least three of the four kinds (single, multiple, truefalse, short); this quiz uses \(kinds.count)")
        }
        return Quiz(questions: questions)
    }

    private static func choiceAnswer(_ item: YAMLFields, kind: QuizQuestion.Kind, choices: Int) -> QuizQuestion.Answer? {
        guard let node = item.node("answer") else {
            item.sink.report(item.line, item.path + "answer", "is required")
            return nil
        }
        let letters: [String] = kind == .single ? [node.string ?? ""] : (node.sequence?.map { $0.string ?? "" } ?? [])
        if kind == .single, node.scalar == nil || letters[0].count != 1 {
            item.sink.report(item.line(of: "answer"), item.path + "answer", "must be one letter, a for the first choice")
            return nil
        }
        if kind == .multiple, node.sequence == nil || letters.count < 2 {
            item.sink.report(item.line(of: "answer"), item.path + "answer", "must be a list of two or more letters")
            return nil
        }
        var indices: [Int] = []
        for letter in letters {
            guard let index = letterIndex(letter), index < choices else {
                item.sink.report(item.line(of: "answer"), item.path + "answer", "'\(letter)' does not name one of the \(choices) choices")
                return nil
            }
            indices.append(index)
        }
        if Set(indices).count != indices.count {
            item.sink.report(item.line(of: "answer"), item.path + "answer", "names the same choice twice")
        }
        return kind == .single ? .choice(indices[0]) : .choices(Set(indices))
    }
}
