/// How a run ends, as the shell sees it (the sysexits.h values where one fits).
public enum ExitStatus: Int32, Sendable, Hashable, Comparable {
    case success = 0
    /// Something did not work out: a database from a newer version, an answer not saved.
    case failure = 1
    /// The command was typed wrong: an unknown command, a bad option, an unknown skill.
    case usage = 64
    /// Content or a file to import that breaks the rules.
    case dataError = 65
    /// A service the command needs is not there: nothing listens where it should.
    case unavailable = 69
    /// A file or folder that cannot be read or written.
    case ioError = 74
    /// Ctrl-C.
    case interrupted = 130

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
