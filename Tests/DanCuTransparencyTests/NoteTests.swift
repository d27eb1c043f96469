import Foundation
import Testing

@testable import DanCuTransparency

/// C2SP signed notes, checkpoints and cosignatures, checked against the specifications' own examples.
@Suite struct NoteTests {
    @Test func theSignedNoteSpecificationsExampleVerifies() throws {
        let verifier = try #require(NoteVerifier(vkey: "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"))
        #expect(verifier.vkey == "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
        let note = try #require(
            SignedNote(
                "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n"
            ))
        #expect(note.text == "This is an example message.\n")
        let signature = try #require(verifier.signatures(in: note).first)
        #expect(verifier.verifies(signature, of: Array(note.text.utf8)))
        #expect(!verifier.verifies(signature, of: Array("This is an example message!\n".utf8)))
        // A vkey whose key ID does not match its key, and notes that are not notes.
        #expect(NoteVerifier(vkey: "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k") == nil)
        #expect(SignedNote("no signatures\n") == nil)
        #expect(SignedNote("text\n\n— name+x AAAAAAAA\n") == nil)
        #expect(SignedNote("text\u{1}\n\n— name AAAAAAAAAA==\n") == nil)
    }

    @Test func aCheckpointIsSignedVerifiedAndCosigned() throws {
        let log = try #require(NoteSigner.generate(name: "dancu.example/transparency"))
        let checkpoint = Checkpoint(origin: "dancu.example/transparency", size: 1234, root: Array(repeating: 7, count: 32))
        let note = SignedNote(text: checkpoint.text, signatures: [try log.sign(Array(checkpoint.text.utf8))])
        let parsed = try #require(SignedNote(note.serialized))
        #expect(Checkpoint.verified(parsed, by: log.verifier) == checkpoint)
        let stranger = try #require(NoteSigner.generate(name: "dancu.example/transparency"))
        #expect(Checkpoint.verified(parsed, by: stranger.verifier) == nil)
        var forged = parsed
        forged.signatures = [SignedNote.Signature(name: log.verifier.name, keyID: log.verifier.keyID, signature: Array(repeating: 0, count: 64))]
        #expect(Checkpoint.verified(forged, by: log.verifier) == nil)

        // A witness whose vkey's base64 holds a '+': only the first two separate the parts.
        let witness = try #require(
            (UInt8(0)...UInt8(255)).lazy.compactMap { NoteSigner(name: "witness.example/w1", kind: .cosignature, privateKey: Array(repeating: $0, count: 32)) }
                .first { $0.verifier.vkey.split(separator: "+").count > 3 })
        #expect(witness.verifier.vkey.split(separator: "+").count > 3)
        #expect(NoteVerifier(vkey: witness.verifier.vkey) == witness.verifier)
        var cosigned = parsed
        cosigned.signatures.append(try Cosignature.sign(parsed.text, time: 1_679_315_147, by: witness))
        let reread = try #require(SignedNote(cosigned.serialized))
        #expect(Cosignature.verifiedTime(reread, by: witness.verifier) == 1_679_315_147)
        #expect(Checkpoint.verified(reread, by: log.verifier) == checkpoint)
        let other = Checkpoint(origin: "dancu.example/transparency", size: 1235, root: Array(repeating: 7, count: 32))
        #expect(Cosignature.verifiedTime(SignedNote(text: other.text, signatures: reread.signatures), by: witness.verifier) == nil)
    }

    @Test func tilePathsAreSpelledOneWay() throws {
        #expect(TileAddress(.hashes(level: 0), index: 1_234_067)?.path == "tile/0/x001/x234/067")
        #expect(TileAddress(.entries, index: 5, width: 17)?.path == "tile/entries/005.p/17")
        #expect(TileAddress(.hashes(level: 2), index: 1000)?.path == "tile/2/x001/000")
        // Int64.max spelled out is an index; one past it is not a path (and must not trap).
        #expect(TileAddress(path: "tile/0/x009/x223/x372/x036/x854/x775/807")?.index == Int64.max)
        #expect(TileAddress(path: "tile/0/x009/x223/x372/x036/x854/x775/808") == nil)
        for path in ["tile/0/x001/x234/067", "tile/entries/005.p/17", "tile/3/000", "tile/0/x001/000.p/255"] {
            #expect(TileAddress(path: path)?.path == path)
        }
        for bad in [
            "tile/0/1234067", "tile/0/x000/005", "tile/0/005.p/256", "tile/0/005.p/0", "tile/0/005.p/07", "tile/64/000", "tile/00/000", "tile/entries/x5/000",
        ] {
            #expect(TileAddress(path: bad) == nil, "\(bad)")
        }
    }

    /// RFC 8785 sorts by UTF-16 code units: € (U+20AC) before 😀 (U+D83D U+DE00).
    @Test func canonicalJSONIsJCS() {
        let value = CanonicalJSON.object([
            "b": .array([.int(-3), .null]), "a": .string("Nguyễn \"A\"\n\u{1}/"), "\u{20ac}": .int(1), "\u{1f600}": .int(2), "\r": .int(3),
        ])
        for length in 0...7 {
            let bytes = (0..<length).map { UInt8(($0 * 37 + 200) & 0xFF) }
            #expect(CanonicalJSON.base64(bytes).bytes == Array("\"\(Data(bytes).base64EncodedString())\"".utf8))
        }
        #expect(String(decoding: value.bytes, as: UTF8.self) == "{\"\\r\":3,\"a\":\"Nguyễn \\\"A\\\"\\n\\u0001/\",\"b\":[-3,null],\"€\":1,\"😀\":2}")
        // Members given in order take the path that does not sort; the bytes are the same.
        let ordered = CanonicalJSON.object(["\r": .int(3), "a": .int(0), "b": .int(Int64.min), "c": .int(Int64.max)])
        let shuffled = CanonicalJSON.object(["c": .int(Int64.max), "a": .int(0), "\r": .int(3), "b": .int(Int64.min)])
        #expect(String(decoding: ordered.bytes, as: UTF8.self) == "{\"\\r\":3,\"a\":0,\"b\":-9223372036854775808,\"c\":9223372036854775807}")
        #expect(ordered.bytes == shuffled.bytes)
    }

    /// Strings escaped as RFC 8785 spells them, wherever the escapes fall: at either end, side by side,
    /// between runs that need none (a signature base), and every ASCII character once.
    @Test func stringsAreEscapedWhereverTheEscapesFall() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\u{8}": out += "\\b"
                case "\u{c}": out += "\\f"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case let c where c.value < 0x20: out += "\\u00" + (c.value < 0x10 ? "0" : "") + String(c.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let base = "\"@method\": POST\n\"@target-uri\": http://dancu.test/x/v1/verify\n\"@signature-params\": (\"@method\");created=1"
        let all = String(decoding: Array(0..<0x80), as: UTF8.self)
        for text in ["", "\"", "\"\"\n\\", "\n" + base + "\u{1f}", base, all, "Nguyễn\tVăn\u{0}An\\", String(repeating: "ab\"", count: 100)] {
            #expect(String(decoding: CanonicalJSON.string(text).bytes, as: UTF8.self) == reference(text), "\(text)")
        }
    }

    /// The direct writer the logs' entries use gives `CanonicalJSON`'s bytes, and says when a caller
    /// broke its order.
    @Test func aCanonicalObjectIsCanonicalJSON() {
        for (text, number, list, bytes) in [
            ("Nguyễn \"A\"\n\u{1}/\\", Int64.min, ["", "a,b", "Đ"], [UInt8]()), ("", Int64.max, [], [1, 2]), ("x", 0, ["\u{7f}"], [255, 0, 7]),
            ("😀 €", -10, ["a"], Array(0..<200)),
        ] {
            var object = CanonicalObject()
            object.member("!", number)
            object.member("a", text)
            object.member("b", nil)
            object.member("base64", base64: bytes)
            object.member("c", strings: list)
            object.member("n", 7)
            #expect(object.isCanonical)
            let reference = CanonicalJSON.object([
                "!": .int(number), "a": .string(text), "b": .null, "base64": .base64(bytes), "c": .array(list.map { .string($0) }), "n": .int(7),
            ])
            #expect(object.finish() == reference.bytes, "\(text)")
        }
        var misordered = CanonicalObject()
        misordered.member("b", 1)
        misordered.member("a", 2)
        #expect(!misordered.isCanonical)
        var prefixFirst = CanonicalObject()
        prefixFirst.member("request", 1)
        prefixFirst.member("requestBase", 2)
        #expect(prefixFirst.isCanonical)
        var escaped = CanonicalObject()
        escaped.member("\r", 1)
        #expect(!escaped.isCanonical)
        var repeated = CanonicalObject()
        repeated.member("a", 1)
        repeated.member("a", 2)
        #expect(!repeated.isCanonical)
    }

    @Test func aCompactRangeGivesTheRootOfEverySize() throws {
        let leaves = (0..<70).map { MerkleHash.leaf([UInt8($0)]) }
        var reference = MerkleDefinitions(leafHashes: leaves)
        var edge = CompactRange()
        #expect(edge.root == MerkleHash.empty)
        for (i, leaf) in leaves.enumerated() {
            edge.append(leafHash: leaf)
            #expect(try edge.root == reference.root(size: Int64(i + 1)))
            #expect(CompactRange(size: edge.size, serialized: edge.serialized) == edge)
        }
        #expect(CompactRange(size: 3, hashes: [leaves[0]]) == nil)
        // Bottom-up hashing with the odd node carried up is RFC 9162's tree for every size.
        for n in 0...70 { #expect(try MerkleHash.root(of: Array(leaves.prefix(n))) == reference.root(size: Int64(n))) }
    }
}
