import Foundation
@testable import TutorKit

/// The inputs backend-tutor takes from outside, each exercised by one fuzz target: Markdown
/// through the parser and the renderer, lines through the command grammar, content files
/// through their readers, and progress files through import's decoder and checks.
enum FuzzTarget: String, CaseIterable {
    case markdown, grammar, content, importFile = "import"

    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .markdown:
            let document = MarkdownParser.parse(text)
            _ = MarkdownParser.depth(text)
            for options in [RenderOptions(width: 20), RenderOptions(width: 80, color: true), RenderOptions(width: 57, ascii: true)] {
                _ = TerminalRenderer(options: options).render(document)
            }
        case .grammar:
            for line in text.split(separator: "\n", maxSplits: 8, omittingEmptySubsequences: false) {
                _ = try? CommandParser.parse(line: String(line))
            }
            _ = try? CommandParser.parse(arguments: text.split(separator: "\u{0}", maxSplits: 16).map(String.init))
        case .content:
            let sink = ProblemSink(file: "fuzz")
            _ = SkillReader.read(text: text, slug: "fuzz", file: "fuzz", references: nil, sink: sink, lint: true)
            _ = ProjectReader.read(text: text, slug: "fuzz", file: "fuzz", references: nil, sink: sink)
            _ = PathReader.read(text: text, slug: "fuzz", file: "fuzz", references: nil, sink: sink)
            _ = QuizReader.read(text: text, file: "fuzz", lessons: ["Requests"], sink: sink)
            _ = Facts.read(text: text, file: "fuzz", sink: sink)
            _ = Facts(Facts.read(text: "facts:\n  a:\n    value: x\n    source: https://x\n    checked: 2026-01-01\n    review_by: 2027-01-01\n", file: "f", sink: sink).facts.map(\.value)).substitute(text, sink: sink)
        case .importFile:
            guard let export = try? ProgressExport.decode(data) else { return }
            let rules = ProgressExport.Rules(skills: ["sql-databases": 8], projects: ["todo-api": 4], now: Date(timeIntervalSince1970: 1_800_000_000))
            guard (try? export.validate(rules)) != nil, let store = try? ProgressStore.inMemory() else { return }
            _ = try? store.merge(export)
        }
    }

    /// The target named by `TUTOR_FUZZ_TARGET`.
    static var selected: FuzzTarget {
        let name = ProcessInfo.processInfo.environment["TUTOR_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set TUTOR_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(64)
        }
        return target
    }
}

/// libFuzzer's entry point: one input at a time, for the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzTarget.selected.run(data)
    return 0
}

#if FUZZING
/// libFuzzer's driver; the fuzzing build links it in.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The executable's entry point as SwiftPM names it: hands control to libFuzzer.
@_cdecl("tutor_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in fuzzOne(bytes, size) }
}
#else
/// Without libFuzzer (a normal build), replays files: `TUTOR_FUZZ_TARGET=markdown tutor-fuzz crash-…`.
@main
struct Replay {
    static func main() {
        let target = FuzzTarget.selected
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot be read\n".utf8))
                exit(66)
            }
            target.run(data)
            print("\(path): no crash")
        }
    }
}
#endif
