/// Every error of every layer, mapped to its exit status and its message in one place.
public enum ErrorReport {
    public static func status(of error: any Error) -> ExitStatus {
        switch error {
        case is CommandError, is QuizError: .usage
        case is ContentError: .dataError
        case let error as StoreError:
            switch error {
            case .io, .notOpen: .ioError
            case .newerDatabase: .failure
            case .invalidImport: .dataError
            }
        case is LocateError, is SearchError, is FileFailure: .ioError
        case is PresentationError: .failure
        case let error as VerifyError: error == .interrupted ? .interrupted : .unavailable
        case let error as CohortError: error.status
        default: .failure
        }
    }

    /// The message for the learner, with commands written as `mode` types them.
    public static func message(of error: any Error, in mode: Mode) -> String {
        switch error {
        case let error as CommandError: error.message(in: mode)
        case let error as QuizError: error.message
        case let error as ContentError: error.message
        case let error as StoreError: error.message
        case let error as LocateError: error.message
        case let error as SearchError: error.message
        case let error as FileFailure: error.message
        case let error as PresentationError: error.message
        case let error as VerifyError: error.message
        case let error as CohortError: Sanitizer.clean(error.message)
        default: Sanitizer.clean(String(describing: error))
        }
    }
}
