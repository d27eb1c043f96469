public import Crypto
public import DanCuCore
public import Foundation

/// The files of a card's chip: EF.COM, the data groups by number, and EF.SOD.
public struct ChipFiles: Equatable, Sendable {
    public let efCOM: [UInt8]
    public let dataGroups: [Int: [UInt8]]
    public let sod: [UInt8]

    /// The one-byte tag each data group's file starts with (ICAO Doc 9303 Part 10 Table 34).
    static let tags: [Int: UInt8] = [1: 0x61, 2: 0x75, 13: 0x6D, 14: 0x6E, 15: 0x6F]
    static let sodTag: UInt32 = 0x77

    public init(efCOM: [UInt8], dataGroups: [Int: [UInt8]], sod: [UInt8]) {
        self.efCOM = efCOM
        self.dataGroups = dataGroups
        self.sod = sod
    }

    /// The SHA-256 of EF.SOD in hex: how the register finds the card a chip belongs to.
    public var sodDigest: String { Self.digest(sod) }

    public static func digest(_ sod: [UInt8]) -> String {
        ByteText.hex(SHA256.hash(data: sod))
    }

    /// The files one after the other; each is a TLV and says where it ends.
    var encoded: [UInt8] { efCOM + dataGroups.sorted { $0.key < $1.key }.flatMap(\.value) + sod }

    init(encoded: [UInt8]) throws(CardTextError) {
        var com: [UInt8]?
        var sod: [UInt8]?
        var groups: [Int: [UInt8]] = [:]
        for file in try TLV.sequence(encoded[...], context: "chip files") {
            switch file.tag {
            case EFCOM.tag: com = file.encoded
            case Self.sodTag: sod = file.encoded
            default:
                guard let number = Self.tags.first(where: { UInt32($0.value) == file.tag })?.key else {
                    throw CardTextError(field: "chip files", detail: "an unknown file \(TLV.name(file.tag))")
                }
                groups[number] = file.encoded
            }
        }
        guard let com, let sod else { throw CardTextError(field: "chip files", detail: "EF.COM or EF.SOD is missing") }
        self.init(efCOM: com, dataGroups: groups, sod: sod)
    }
}

/// The chip's own private keys: active authentication (DG15) and chip authentication (DG14). A real
/// personalisation bureau writes them into the chip, where they never leave; DanCu keeps them sealed in
/// its vault so that its simulated chips can answer challenges in tests, demos and benchmarks.
public struct ChipKeys: Sendable {
    public let activeAuthentication: P256.Signing.PrivateKey
    public let chipAuthentication: P256.KeyAgreement.PrivateKey

    public init() {
        activeAuthentication = P256.Signing.PrivateKey()
        chipAuthentication = P256.KeyAgreement.PrivateKey()
    }

    var encoded: [UInt8] { Array(activeAuthentication.rawRepresentation) + Array(chipAuthentication.rawRepresentation) }

    init(encoded: [UInt8]) throws {
        guard encoded.count == 64 else { throw CardTextError(field: "chip keys", detail: "expected 64 bytes") }
        activeAuthentication = try P256.Signing.PrivateKey(rawRepresentation: encoded[0..<32])
        chipAuthentication = try P256.KeyAgreement.PrivateKey(rawRepresentation: encoded[32..<64])
    }
}

/// Personalisation: the LDS of one card, signed.
public enum ChipPersonalisation {
    /// DG1, DG2 (when the card carries a face), DG13, DG14, DG15, EF.COM listing them, and EF.SOD over
    /// their hashes signed by `signer` at `signingTime`.
    public static func files(
        data: CardData, face: JPEGImage?, sex: Sex, keys: ChipKeys, signer: CardSigner,
        signingTime: Date
    ) throws -> ChipFiles {
        var groups: [Int: [UInt8]] = [
            1: DataGroup1(mrz: data.mrz).bytes,
            13: data.dg13.bytes,
            14: DataGroup14(chipAuthenticationKey: keys.chipAuthentication.publicKey).bytes,
            15: DataGroup15(publicKey: keys.activeAuthentication.publicKey).bytes,
        ]
        if data.carriesFaceImage, let face { groups[2] = DataGroup2(face: face, sex: sex).bytes }
        let com = EFCOM(dataGroupTags: groups.keys.sorted().compactMap { ChipFiles.tags[$0] }).bytes
        let sod = try SecurityObject.sign(dataGroups: groups, signer: signer, signingTime: signingTime)
        return ChipFiles(efCOM: com, dataGroups: groups, sod: sod)
    }
}
