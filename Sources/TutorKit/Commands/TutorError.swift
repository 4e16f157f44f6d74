import Foundation

/// What can go wrong, with what the learner needs to put it right.
public enum TutorError: Error, Equatable, Sendable {
    /// A command name that does not exist; `suggestion` is the nearest one.
    case unknownCommand(String, suggestion: String?)
    case unknownSkill(String, suggestions: [String])
    /// Bad arguments or options, with the message that says why.
    case usage(String)
    /// Content that fails validation.
    case invalidContent([ContentProblem])
    /// No content directory could be found.
    case contentNotFound(searched: [String])
    case io(path: String, reason: String)
    /// The progress database has migrations this build does not know.
    case newerDatabase(path: String)
    /// A file to import that is not a progress export.
    case invalidImport(path: String, reason: String)

    /// The process exit status: 64 usage, 65 bad content, 74 I/O, 1 otherwise.
    public var exitCode: Int32 {
        switch self {
        case .unknownCommand, .unknownSkill, .usage: 64
        case .invalidContent: 65
        case .contentNotFound, .io: 74
        case .newerDatabase: 1
        case .invalidImport: 65
        }
    }

    /// The message, with command names written as the mode types them (`/skill` in the REPL,
    /// `backend-tutor skill` in the shell).
    public func message(in mode: Tutor.Mode) -> String {
        let commandPrefix = mode == .repl ? "/" : "backend-tutor "
        switch self {
        case .unknownCommand(let name, let suggestion):
            let shown = Sanitizer.clean(name)
            let namePrefix = mode == .repl ? "/" : ""
            let base = "unknown command \(namePrefix)\(shown)"
            if let suggestion { return base + " — did you mean \(namePrefix)\(suggestion)?" }
            return base + " — type \(commandPrefix)help for the list of commands"
        case .unknownSkill(let slug, let suggestions):
            let base = "unknown skill '\(Sanitizer.clean(slug))'"
            if suggestions.isEmpty { return base + " — type \(commandPrefix)skill for the list of skills" }
            return base + " — did you mean " + suggestions.map { "\(commandPrefix)skill \($0)" }.joined(separator: ", or ") + "?"
        case .usage(let message):
            return Sanitizer.clean(message)
        case .invalidContent(let problems):
            return "\(problems.count) problem\(problems.count == 1 ? "" : "s") in the content"
        case .contentNotFound(let searched):
            return "no curriculum found (a folder holding Content/ and Skills/); looked in: \(searched.joined(separator: ", ")). Pass --content DIR or set BACKEND_TUTOR_CONTENT."
        case .io(let path, let reason):
            return "\(path): \(reason)"
        case .newerDatabase(let path):
            return "\(path) was written by a newer backend-tutor; upgrade backend-tutor to use it (nothing was changed)"
        case .invalidImport(let path, let reason):
            return "\(path) is not a backend-tutor progress export: \(reason) (nothing was imported)"
        }
    }
}
