import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C while a verify run waits on the learner's server: the handler only sets a flag; the
/// run notices it at its next wait, stops the server and ends with status 130.
enum Interruption {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    static var happened: Bool { flag != 0 }

    /// Installs the handler for `body` and puts the previous one back afterwards.
    static func during<T>(_ body: () throws -> T) rethrows -> T {
        flag = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interruption.flag = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGINT, &action, &previous)
        var wanted = sigset_t()
        sigemptyset(&wanted)
        sigaddset(&wanted, SIGINT)
        var previousMask = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &wanted, &previousMask)
        defer {
            sigaction(SIGINT, &previous, nil)
            pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        }
        return try body()
    }
}
