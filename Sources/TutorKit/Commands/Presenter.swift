import Foundation

/// Decides, in one place, whether a reply is printed as JSON or shown as text.
public enum Presenter {
    public enum Presentation: Sendable {
        /// JSON text, ending in a newline.
        case json(String)
        case text(Output)
    }

    public static func present(_ reply: Reply, in view: ViewContext) throws(PresentationError) -> Presentation {
        guard reply.json else { return .text(Output(reply.result.blocks(in: view))) }
        return .json(try json(reply.result) + "\n")
    }

    /// The pretty-printed, key-sorted JSON that `--json` prints; dates in ISO 8601 with
    /// milliseconds. Controls the encoder leaves raw (DEL, the C1 range, bidirectional and line
    /// separators) are escaped too, so JSON printed to a terminal cannot drive it.
    public static func json(_ value: some Encodable) throws(PresentationError) -> String {
        do {
            return escapingControls(String(decoding: try encoder().encode(value), as: UTF8.self))
        } catch {
            throw .encoding(String(describing: error).split(separator: "\n").first.map(String.init) ?? "unknown")
        }
    }

    static func escapingControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: Sanitizer.isControl) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if Sanitizer.isControl(scalar), scalar != "\n" {
                result.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    public static func encoder() -> JSONEncoder {
        ProgressExport.encoder()
    }
}

/// A result that could not be turned into output.
public enum PresentationError: Error, Equatable, Sendable {
    case encoding(String)

    public var message: String {
        switch self {
        case .encoding(let reason): "could not write the result as JSON: \(Sanitizer.clean(reason)); nothing was printed"
        }
    }
}
