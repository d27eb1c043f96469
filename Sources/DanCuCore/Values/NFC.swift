import Foundation

extension String {
    /// The text in Unicode NFC, as the register stores all Vietnamese text. Text made only of scalars
    /// below U+0300 and of precomposed Vietnamese letters (U+1E00–U+1EFF) is NFC already and is
    /// returned as it is, without the cost of normalising.
    public var nfc: String {
        let certainlyNFC = unicodeScalars.allSatisfy { $0.value < 0x0300 || (0x1E00...0x1EFF).contains($0.value) }
        return certainlyNFC ? self : precomposedStringWithCanonicalMapping
    }
}

extension Place {
    public var nfc: Place {
        var p = self
        p.detail = detail?.nfc
        return p
    }
}

extension Person {
    /// The record with every free-text field in NFC (names are NFC by construction).
    public var withNFCText: Person {
        var p = self
        p.otherNames = otherNames.map(\.nfc)
        p.placeOfBirth = placeOfBirth?.nfc
        p.birthRegistrationPlace = birthRegistrationPlace?.nfc
        p.placeOfOrigin = placeOfOrigin?.nfc
        p.identityDocuments = identityDocuments.map {
            var d = $0
            d.issuedBy = d.issuedBy.nfc
            return d
        }
        if let r = permanentResidence { p.permanentResidence?.place = r.place.nfc }
        if let r = temporaryResidence { p.temporaryResidence?.place = r.place.nfc }
        p.currentResidence = currentResidence?.nfc
        if var absence = temporaryAbsence {
            absence.reason = absence.reason.nfc
            absence.destination = absence.destination?.nfc
            p.temporaryAbsence = absence
        }
        p.residenceFileNumber = residenceFileNumber?.nfc
        return p
    }
}

extension Residence {
    public var nfc: Residence {
        var r = self
        r.place = place.nfc
        return r
    }
}

extension LifeEventChange {
    /// The change with its free text in NFC.
    public var withNFCText: LifeEventChange {
        switch self {
        case .birthRegistered(let p): return .birthRegistered(p.withNFCText)
        case .personRegistered(let p): return .personRegistered(p.withNFCText)
        case .permanentResidenceRegistered(let r): return .permanentResidenceRegistered(r.nfc)
        case .temporaryResidenceRegistered(let r): return .temporaryResidenceRegistered(r.nfc)
        case .currentResidenceDeclared(let p): return .currentResidenceDeclared(p.nfc)
        case .permanentResidenceRemoved(let reason): return .permanentResidenceRemoved(reason: reason.nfc)
        case .stayNotified(var s):
            s.place = s.place.nfc
            s.host = s.host.nfc
            return .stayNotified(s)
        case .temporaryAbsenceDeclared(var a):
            a.reason = a.reason.nfc
            a.destination = a.destination?.nfc
            return .temporaryAbsenceDeclared(a)
        case .corrected(var c):
            c.otherNames = c.otherNames?.map(\.nfc)
            c.placeOfBirth = c.placeOfBirth?.nfc
            c.birthRegistrationPlace = c.birthRegistrationPlace?.nfc
            c.placeOfOrigin = c.placeOfOrigin?.nfc
            return .corrected(c)
        default:
            return self
        }
    }
}
