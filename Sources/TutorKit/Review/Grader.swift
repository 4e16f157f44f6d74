/// Marks a learner's answer to a quiz question, fairly.
public enum Grader {
    public enum Result: Hashable, Sendable {
        case correct
        case wrong
        /// Not an answer at all (empty, `?`, a letter with no choice): ask again, count nothing.
        case invalid(String)
    }

    public static func grade(_ question: QuizQuestion, _ input: String) -> Result {
        let text = input.trimmedWhitespace
        if text.isEmpty || text == "?" { return .invalid(hint(question)) }
        switch question.answer {
        case .choice(let right):
            guard let picked = choices(text, count: question.choices.count), picked.count == 1 else { return .invalid(hint(question)) }
            return picked.first == right ? .correct : .wrong
        case .choices(let right):
            guard let picked = choices(text, count: question.choices.count), !picked.isEmpty else { return .invalid(hint(question)) }
            return picked == right ? .correct : .wrong
        case .truth(let right):
            switch text.lowercased() {
            case "t", "true": return right ? .correct : .wrong
            case "f", "false": return right ? .wrong : .correct
            default: return .invalid(hint(question))
            }
        case .accepted(let answers):
            let given = normalized(text)
            guard !given.isEmpty else { return .invalid(hint(question)) }
            return answers.contains { normalized($0) == given } ? .correct : .wrong
        }
    }

    /// Letters (`a`, `b c`, `a,c`, `AC`) or numbers (`2`, `1 3`) naming choices; nil when any
    /// names no choice.
    static func choices(_ text: String, count: Int) -> Set<Int>? {
        let separators: Set<Character> = [" ", ",", ";", "/", "+", "&"]
        var picked: Set<Int> = []
        let tokens = text.lowercased().split { separators.contains($0) }
        for token in tokens {
            if let number = Int(token) {
                guard (1...count).contains(number) else { return nil }
                picked.insert(number - 1)
            } else {
                for ch in token {
                    guard let ascii = ch.asciiValue, ascii >= 97, Int(ascii - 97) < count else { return nil }
                    picked.insert(Int(ascii - 97))
                }
            }
        }
        return picked
    }

    /// Lower-case letters and digits only: case, spaces and punctuation do not count.
    public static func normalized(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// How to answer this kind of question.
    public static func hint(_ question: QuizQuestion) -> String {
        let last = Character(Unicode.Scalar(UInt8(96 + max(question.choices.count, 1))))
        switch question.kind {
        case .single: return "answer with one letter, a to \(last)"
        case .multiple: return "answer with every right letter, such as a c (a to \(last))"
        case .truefalse: return "answer t or f (true or false)"
        case .short: return "type a short answer"
        }
    }

    /// The right answer, written out.
    public static func rightAnswer(_ question: QuizQuestion) -> String {
        func letter(_ index: Int) -> String { String(Character(Unicode.Scalar(UInt8(97 + index)))) }
        switch question.answer {
        case .choice(let index): return "\(letter(index))) \(question.choices[index])"
        case .choices(let indices): return indices.sorted().map { "\(letter($0))) \(question.choices[$0])" }.joined(separator: "; ")
        case .truth(let value): return value ? "true" : "false"
        case .accepted(let answers): return answers.joined(separator: ", or ")
        }
    }
}
