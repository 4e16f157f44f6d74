#if canImport(Glibc)
import Glibc
#endif

enum Spawn {
    /// Spawn attributes that give the child default signal handling and nothing blocked,
    /// whatever the tutor has, plus `flags` (a process group, a session of its own).
    static func withCleanSignals(flags: Int32, _ body: (inout posix_spawnattr_t) -> Void) {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        body(&attributes)
    }

    /// POSIX_SPAWN_SETSID (glibc 2.26 and later), which Swift's Glibc module does not export.
    static let newSession: Int32 = 0x80
}
