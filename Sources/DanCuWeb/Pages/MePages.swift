import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuStore
import DanCuTransparency
import Foundation
import HTTPTypes
import Hummingbird

/// The citizen's self-service pages (`/me`): sign in, then one page with their record, account,
/// consents, sign-in history and who used their data. Vietnamese first, English beside it; one
/// script of DanCu's own (checking the transparency log's proofs); every form carries the session's
/// CSRF token. The page is `me.mustache`; this builds what it shows, in words a citizen reads.
struct MePages: Sendable {
    let renderer: PageRenderer

    /// Everything the page shows, read through the self-service use cases (each read logged).
    struct Dashboard {
        let holder: Holder
        let account: MyAccount
        let consents: [Consent]
        let authentications: [AuthenticationEvent]
        let accessLog: [CitizenAccessLog.Item]
        let csrf: String
        /// The proofs that the access log's entries are in the public transparency log; nil without one.
        var evidence: Evidence? = nil
    }

    /// Whose page it is: a person of the register, or a foreigner known by their residence card.
    enum Holder {
        case citizen(Person)
        case foreigner(ResidenceCard)

        var name: String {
            switch self {
            case .citizen(let p): p.name.fullName
            case .foreigner(let c): c.name
            }
        }

        var subject: String {
            switch self {
            case .citizen(let p): p.personalNumber.rawValue
            case .foreigner(let c): c.subject
            }
        }
    }

    struct SignInView {
        let notice: String?, error: String?, csrf: String
    }

    func signIn(error: String? = nil, notice: String? = nil, csrf: String, status: HTTPResponse.Status? = nil) -> Response {
        renderer.page("me-sign-in", SignInView(notice: notice, error: error, csrf: csrf), status: status ?? (error == nil ? .ok : .unauthorized))
    }

    struct DashboardView {
        struct Record { let heading: Words, rows: [Row], inRegister: Bool }
        struct Account { let rows: [Row] }
        struct SignedIn { let signedIn: String, methods: String, ends: String }
        struct ConsentLine { let service: String, fields: String, purpose: Words, legalBasis: String, since: String, withdrawnAt: String?, clientId: String }
        struct Authentication { let at: String, method: String, outcome: String }
        struct Access {
            let at: String, who: String, role: String, action: Words, refused: Bool, purpose: Words, legalBasis: String?, fields: String
            let proof: Proof?
        }
        /// What `/assets/transparency.js` checks for one entry: the public entry must carry this row's action
        /// and time, its commitment must open to the holder's number, and its proof lead to the checkpoint.
        struct Proof { let leaf: String, entry: String, opening: String, committed: String, path: String, action: String, micros: String }
        struct Transparency { let checkpoint: String, vkey: String, subject: String, size: String }

        let name: String, csrf: String
        let record: Record
        let account: Account
        let sessionCount: Int
        let sessions: [SignedIn]
        let consents: [ConsentLine]
        let authentications: [Authentication]
        let accessLog: [Access]
        let transparency: Transparency?
        // Stored, not computed: Mustache reads a value's stored properties only.
        let hasConsents: Bool
        let hasAccessLog: Bool
    }

    func dashboard(_ d: Dashboard, reference: ReferenceData) -> Response {
        renderer.page("me", Self.view(d, reference: reference), scripts: d.evidence != nil)
    }

    static func view(_ d: Dashboard, reference: ReferenceData) -> DashboardView {
        let account = d.account.account
        let accountRows = [
            Row(vi: "Mức độ", en: "Level", value: account.level.map { "Mức độ \($0.rawValue) / level \($0.rawValue)" } ?? "—"),
            Row(vi: "Trạng thái", en: "Status", value: account.status == .active ? "Đang hoạt động / active" : "Đã khóa / locked: \(account.lockReason ?? "")"),
            Row(vi: "Liên hệ", en: "Contact", value: account.phone ?? account.email ?? "—"),
            Row(vi: "Ứng dụng xác thực (TOTP)", en: "Authenticator app", value: account.hasTOTP ? "có / yes" : "không / no"),
            Row(vi: "Mã xác nhận", en: "Passcode", value: account.hasPasscode ? "có / yes" : "không / no"),
        ]
        return DashboardView(
            name: d.holder.name, csrf: d.csrf, record: record(d.holder, reference), account: .init(rows: accountRows),
            sessionCount: d.account.sessions.count,
            sessions: d.account.sessions.map {
                .init(signedIn: time($0.authTime * 1_000_000), methods: $0.methods.joined(separator: ", "), ends: time($0.expiresAt))
            },
            consents: d.consents.map { c in
                .init(
                    service: c.clientName,
                    fields: c.scopes.compactMap(Scope.init(rawValue:)).filter { $0 != .openid }.map(\.vietnamese).joined(separator: ", "),
                    purpose: CitizenWords.purpose(c.purpose), legalBasis: c.legalBasis, since: time(c.grantedAt),
                    withdrawnAt: c.withdrawnAt.map(time), clientId: c.clientId)
            },
            authentications: d.authentications.map { .init(at: time($0.at), method: $0.method, outcome: $0.outcome) },
            accessLog: d.accessLog.map { e in
                .init(
                    at: time(e.micros), who: e.who, role: e.who == "Bạn" ? "you" : roleLabel(e.role), action: CitizenWords.action(e.action),
                    refused: e.decision != .allowed, purpose: CitizenWords.purpose(e.purpose), legalBasis: e.legalBasis, fields: e.fieldsText,
                    proof: proof(e, d.evidence))
            },
            transparency: d.evidence.map { .init(checkpoint: $0.checkpoint, vkey: $0.vkey, subject: d.holder.subject, size: String($0.size)) },
            hasConsents: !d.consents.isEmpty, hasAccessLog: !d.accessLog.isEmpty)
    }

    static func proof(_ e: CitizenAccessLog.Item, _ evidence: Evidence?) -> DashboardView.Proof? {
        guard let leaf = e.leaf, let evidence else { return nil }
        let proof = evidence.proofs[leaf]
        let entry: String = proof == nil ? "" : e.publicEntry.map { Data($0).base64EncodedString() } ?? ""
        let opening: String = proof == nil ? "" : e.opening.map { Data($0).base64EncodedString() } ?? ""
        let hashes: [String] = proof?.map { Data($0).base64EncodedString() } ?? []
        return DashboardView.Proof(
            leaf: String(leaf), entry: entry, opening: opening, committed: String(decoding: e.committed, as: UTF8.self),
            path: hashes.joined(separator: ","), action: e.action, micros: String(e.micros))
    }

    static func record(_ holder: Holder, _ reference: ReferenceData) -> DashboardView.Record {
        switch holder {
        case .citizen(let p):
            return .init(
                heading: Words("Thông tin trong Cơ sở dữ liệu quốc gia về dân cư", "My record in the population register"),
                rows: [
                    Row(vi: "Số định danh cá nhân", en: "Personal number", value: p.personalNumber.rawValue),
                    Row(vi: "Họ, chữ đệm và tên", en: "Full name", value: p.name.fullName),
                    Row(vi: "Ngày sinh", en: "Date of birth", value: p.dateOfBirth.description),
                    Row(vi: "Giới tính", en: "Sex", value: p.sex.vietnamese),
                    Row(vi: "Dân tộc", en: "Ethnicity", value: reference.ethnicity(p.ethnicity)?.name ?? p.ethnicity),
                    Row(vi: "Quốc tịch", en: "Nationality", value: reference.nationality(p.nationality)?.vietnameseName ?? p.nationality),
                    Row(vi: "Nơi thường trú", en: "Permanent residence", value: place(p.permanentResidence?.place, reference)),
                    Row(vi: "Nơi tạm trú", en: "Temporary residence", value: place(p.temporaryResidence?.place, reference)),
                    Row(vi: "Nơi ở hiện tại", en: "Current residence", value: place(p.currentResidence, reference)),
                    Row(vi: "Số điện thoại", en: "Phone", value: p.phone ?? "—"),
                    Row(vi: "Thư điện tử", en: "E-mail", value: p.email ?? "—"),
                ], inRegister: true)
        case .foreigner(let c):
            let kind = c.kind == .permanent ? "Thẻ thường trú / permanent residence card" : "Thẻ tạm trú / temporary residence card"
            return .init(
                heading: Words("Thẻ cư trú", "My residence card"),
                rows: [
                    Row(vi: "Loại thẻ", en: "Card", value: kind),
                    Row(vi: "Số thẻ", en: "Number", value: c.number),
                    Row(vi: "Họ và tên", en: "Name", value: c.name),
                    Row(vi: "Ngày sinh", en: "Date of birth", value: c.dateOfBirth.description),
                    Row(vi: "Giới tính", en: "Sex", value: c.sex.vietnamese),
                    Row(vi: "Quốc tịch", en: "Nationality", value: reference.nationality(c.nationality)?.vietnameseName ?? c.nationality),
                    Row(vi: "Có giá trị đến", en: "Valid until", value: c.validUntil.description),
                    Row(vi: "Cơ quan cấp", en: "Issued by", value: c.issuedBy),
                    Row(
                        vi: "Nơi cư trú", en: "Residence",
                        value: place(Place(provinceCode: reference.units.ward(c.wardCode)?.provinceCode, wardCode: c.wardCode), reference)),
                ], inRegister: false)
        }
    }

    static func roleLabel(_ role: String) -> String {
        switch Role(rawValue: role) {
        case .communeOfficer: "Công an cấp xã / ward police"
        case .civilStatusOfficer: "Tư pháp - hộ tịch cấp xã / civil-status officer"
        case .provinceOfficer: "Công an cấp tỉnh / province police"
        case .centralOfficer: "C06 / central police"
        case .auditor: "kiểm tra / auditor"
        case .administrator: "quản trị / administrator"
        case .relyingParty: "dịch vụ / relying party"
        case .memberSystem: "hệ thống kết nối / member system"
        case .citizen: "công dân / citizen"
        case .system: "hệ thống / system"
        case nil: role
        }
    }

    static func place(_ place: Place?, _ reference: ReferenceData) -> String {
        guard let place else { return "—" }
        let ward = place.wardCode.flatMap { reference.units.ward($0)?.name }
        let province = place.provinceCode.flatMap { reference.units.province($0)?.name }
        let parts = [place.detail, ward, province].compactMap { $0 }
        return parts.isEmpty ? place.country : parts.joined(separator: ", ")
    }

    /// Vietnam's civil time (UTC+7, no daylight saving), to the minute, marked as such.
    static func time(_ micros: Int64) -> String {
        let iso = WallClock.iso(micros: micros + CivilClock.vietnamOffsetSeconds * 1_000_000)
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " ICT"
    }

}
