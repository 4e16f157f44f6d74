/// What went wrong in cohort mode, said so the learner knows what happened and what to do.
/// Nothing local is lost by any of them: the next sync carries on where this one stopped.
public struct CohortError: Error, Equatable, Sendable {
    public var message: String
    public var status: ExitStatus

    public init(_ message: String, status: ExitStatus = .failure) {
        self.message = message
        self.status = status
    }

    /// The server could not be reached, or stopped answering.
    public static func unreachable(_ message: String) -> CohortError { CohortError(message, status: .unavailable) }
    /// Something typed or set up wrong: a code, no cohort joined, a role without rights.
    public static func usage(_ message: String) -> CohortError { CohortError(message, status: .usage) }
}
