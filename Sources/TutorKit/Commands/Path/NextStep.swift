/// What to do next on the path, as a line under a result.
public enum NextStep: Hashable, Sendable, Encodable {
    /// An item is open and not settled; `description` says which.
    case on(ItemKey, description: String)
    case next(ItemKey, description: String)
    case finished

    init(_ position: PathNavigator.Position, catalog: Catalog) {
        switch position {
        case .on(let key): self = .on(key, description: catalog.describe(key))
        case .next(let key): self = .next(key, description: catalog.describe(key))
        case .finished: self = .finished
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .on(let key, _), .next(let key, _): try container.encode(key)
        case .finished: try container.encodeNil()
        }
    }
}
