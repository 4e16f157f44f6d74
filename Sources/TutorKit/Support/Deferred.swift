import Foundation

/// A value made on first use, once, whichever thread asks first. The catalog keeps the parts most
/// commands never read (comparisons, checklists, facts, projects in full) as these: decoding them
/// from the content cache was 30 of the 111 million instructions `progress` ran (docs/BENCHMARKS.md).
final class Deferred<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var made: Value?
    private var make: (@Sendable () -> Value)?

    init(_ value: Value) { made = value }

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make!()
        made = value
        make = nil
        return value
    }

    /// The value if it was made; nil without making it.
    var ifMade: Value? {
        lock.lock()
        defer { lock.unlock() }
        return made
    }
}
