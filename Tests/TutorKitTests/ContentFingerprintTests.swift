import Foundation
import Testing
@testable import TutorKit

/// What the content fingerprint, checked at every start, notices and what it leaves out.
@Suite("content fingerprint")
struct ContentFingerprintTests {
    /// A curriculum of two skills and a few `Content/` files, with files the format ignores.
    static func curriculum() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let files = [
            "Skills/alpha/SKILL.md": "alpha", "Skills/alpha/quiz.yml": "q: 1", "Skills/alpha/notes.txt": "ignored",
            "Skills/beta-skill/SKILL.md": "beta", "Content/stacks/go.md": "go", "Content/stacks/.draft.md": "hidden",
            "Content/facts/runtimes.yml": "a: 1", "Content/paths.yml": "p: 1", "Content/README.txt": "ignored",
        ]
        for (path, text) in files {
            let url = folder.file(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    static func touch(_ url: URL, seconds: TimeInterval) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: seconds)], ofItemAtPath: url.path)
    }

    @Test("lists the skills' two files and Content's Markdown and YAML, nothing hidden or of another kind")
    func files() throws {
        let folder = try Self.curriculum()
        let fingerprint = ContentFingerprint.of(folder.url)
        #expect(fingerprint.files.sorted() == ["Content/facts/runtimes.yml", "Content/paths.yml", "Content/stacks/go.md",
                                                "Skills/alpha/SKILL.md", "Skills/alpha/quiz.yml", "Skills/beta-skill/SKILL.md"])
        #expect(fingerprint.listing.hasPrefix("6-"))
        #expect(ContentFingerprint.of(folder.url) == fingerprint, "the same files give the same fingerprint")
    }

    @Test("changes with a file's size, its modification time, one byte of its name, or a file added or removed")
    func changes() throws {
        let folder = try Self.curriculum()
        let file = folder.file("Content/stacks/go.md")
        try Self.touch(file, seconds: 1_000_000)
        let before = ContentFingerprint.of(folder.url).listing
        #expect(ContentFingerprint.of(folder.url).listing == before)

        try Data("gO".utf8).write(to: file)
        try Self.touch(file, seconds: 1_000_000)
        #expect(ContentFingerprint.of(folder.url).listing == before, "same size and time: the content hash decides, not the listing")
        try Data("go!".utf8).write(to: file)
        try Self.touch(file, seconds: 1_000_000)
        let resized = ContentFingerprint.of(folder.url).listing
        #expect(resized != before)
        try Self.touch(file, seconds: 1_000_001)
        let touched = ContentFingerprint.of(folder.url).listing
        #expect(touched != resized)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_001.5)], ofItemAtPath: file.path)
        #expect(ContentFingerprint.of(folder.url).listing != touched, "a part of a second is a change")

        // A name of the same length, one byte apart: the last byte of the path's second eight
        // (the hash reads eight bytes at a time).
        let renamed = folder.file("Content/stacks/ho.md")
        try FileManager.default.moveItem(at: file, to: renamed)
        try Self.touch(renamed, seconds: 1_000_001)
        let moved = ContentFingerprint.of(folder.url)
        #expect(moved.listing != touched)
        #expect(moved.files.contains("Content/stacks/ho.md"))
        try FileManager.default.moveItem(at: renamed, to: file)
        try Self.touch(file, seconds: 1_000_001)
        #expect(ContentFingerprint.of(folder.url).listing == touched, "moved back, the listing is the same again")

        try Data("x".utf8).write(to: folder.file("Skills/beta-skill/quiz.yml"))
        let added = ContentFingerprint.of(folder.url).listing
        #expect(added != touched && added.hasPrefix("7-"))
        try FileManager.default.removeItem(at: folder.file("Skills/beta-skill/quiz.yml"))
        #expect(ContentFingerprint.of(folder.url).listing == touched)
    }

    @Test("a name as long as the system allows is listed, and a missing root gives an empty listing")
    func limits() throws {
        let folder = try Self.curriculum()
        let long = "Content/stacks/" + String(repeating: "n", count: 252) + ".md"
        try Data("long".utf8).write(to: folder.file(long))
        #expect(ContentFingerprint.of(folder.url).files.contains(long))
        let missing = ContentFingerprint.of(folder.file("nothing-here"))
        #expect(missing.files.isEmpty && missing.listing.hasPrefix("0-"))
    }
}
