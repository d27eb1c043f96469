import DanCuAccess
import DanCuCore
import DanCuEID
import DanCuStore
import Foundation
import HTTPTypes
import Hummingbird

/// The citizen's self-service pages (`/me`): sign in, then one page with their record, account,
/// consents, sign-in history and who used their data. Vietnamese first, English second; no scripts;
/// every form carries the session's CSRF token.
enum MePages {
    typealias E = SignInPages

    /// Everything the page shows, read through the self-service use cases (each read logged).
    struct Dashboard {
        let holder: Holder
        let account: MyAccount
        let consents: [Consent]
        let authentications: [AuthenticationEvent]
        let accessLog: [CitizenAccessLog.Item]
        let csrf: String
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

    static func signIn(error: String? = nil, notice: String? = nil, csrf: String, status: HTTPResponse.Status? = nil) -> Response {
        E.page("DanCu: Của tôi / Mine", """
            <h1>Thông tin của tôi<br><span class="en">My data in the population register</span></h1>
            \(notice.map { "<p>\(E.escape($0))</p>" } ?? "")
            \(error.map { "<p class=\"error\">\(E.escape($0))</p>" } ?? "")
            <form method="post" action="/me/login">
            <input type="hidden" name="csrf" value="\(E.escape(csrf))">
            \(E.credentialFields)
            </form>
            <h2>Mở khóa tài khoản <span class="en">Unlock an account you locked</span></h2>
            <form method="post" action="/me/unlock">
            <input type="hidden" name="csrf" value="\(E.escape(csrf))">
            <label for="u-username">Số định danh cá nhân <span class="en">Personal number</span></label>
            <input type="text" id="u-username" name="username" inputmode="numeric" required>
            <label for="u-password">Mật khẩu <span class="en">Password</span></label>
            <input type="password" id="u-password" name="password" required>
            <label for="u-passcode">Mã xác nhận 6 số <span class="en">Six-digit passcode</span></label>
            <input type="password" id="u-passcode" name="passcode" inputmode="numeric" required>
            <button type="submit">Mở khóa / Unlock</button>
            </form>
            """, status: status ?? (error == nil ? .ok : .unauthorized), wide: false)
    }

    static func dashboard(_ d: Dashboard, reference: ReferenceData) -> Response {
        let account = d.account.account
        return E.page("DanCu: \(d.holder.name)", """
            <h1>Xin chào, \(E.escape(d.holder.name))<br><span class="en">Your data as DanCu holds it</span></h1>
            <form method="post" action="/me/logout"><input type="hidden" name="csrf" value="\(E.escape(d.csrf))">
            <button type="submit">Đăng xuất / Sign out</button></form>
            \(record(d.holder, reference))
            <h2 id="account">Tài khoản định danh điện tử <span class="en">My eID account</span></h2>
            <dl>
            \(row("Mức độ", "Level", account.level.map { "Mức độ \($0.rawValue) / level \($0.rawValue)" } ?? "—"))
            \(row("Trạng thái", "Status", account.status == .active ? "Đang hoạt động / active" : "Đã khóa / locked: \(account.lockReason ?? "")"))
            \(row("Liên hệ", "Contact", account.phone ?? account.email ?? "—"))
            \(row("Ứng dụng xác thực (TOTP)", "Authenticator app", account.hasTOTP ? "có / yes" : "không / no"))
            \(row("Mã xác nhận", "Passcode", account.hasPasscode ? "có / yes" : "không / no"))
            </dl>
            <p>Đang đăng nhập <span class="en">Signed in</span>: \(d.account.sessions.count)</p>
            <table id="sessions"><tr><th>Đăng nhập lúc <span class="en">Signed in</span></th><th>Cách <span class="en">How</span></th><th>Hết hạn <span class="en">Ends</span></th></tr>
            \(d.account.sessions.map { "<tr><td>\(time($0.authTime * 1_000_000))</td><td>\(E.escape($0.methods.joined(separator: ", ")))</td><td>\(time($0.expiresAt))</td></tr>" }.joined(separator: "\n"))
            </table>
            <form method="post" action="/me/sessions/end"><input type="hidden" name="csrf" value="\(E.escape(d.csrf))">
            <button type="submit" id="end-sessions">Đăng xuất mọi nơi / Sign out everywhere</button></form>
            <form method="post" action="/me/lock"><input type="hidden" name="csrf" value="\(E.escape(d.csrf))">
            <p>Khóa tài khoản nếu bạn nghi bị lộ mật khẩu: mọi phiên đăng nhập và mọi quyền đã cấp cho dịch vụ đều chấm dứt.<br>
            <span class="en">Lock your eID if you think someone knows your password: every session and every token given to a service ends.</span></p>
            <button type="submit" id="lock">Khóa tài khoản / Lock my eID</button></form>
            <h2 id="consents">Đồng ý chia sẻ thông tin <span class="en">My consents</span></h2>
            \(consents(d.consents, csrf: d.csrf))
            <h2 id="authentications">Lịch sử đăng nhập <span class="en">Sign-in history</span></h2>
            <table><tr><th>Lúc <span class="en">When</span></th><th>Cách <span class="en">How</span></th><th>Kết quả <span class="en">Outcome</span></th></tr>
            \(d.authentications.map { "<tr><td>\(time($0.at))</td><td>\(E.escape($0.method))</td><td>\(E.escape($0.outcome))</td></tr>" }.joined(separator: "\n"))
            </table>
            <h2 id="access-log">Ai đã sử dụng thông tin của tôi <span class="en">Who used my data, and why</span></h2>
            \(accessLog(d.accessLog))
            """, wide: true)
    }

    static func record(_ holder: Holder, _ reference: ReferenceData) -> String {
        switch holder {
        case .citizen(let p):
            return """
                <h2 id="record">Thông tin trong Cơ sở dữ liệu quốc gia về dân cư <span class="en">My record in the population register</span></h2>
                <dl>
                \(row("Số định danh cá nhân", "Personal number", p.personalNumber.rawValue))
                \(row("Họ, chữ đệm và tên", "Full name", p.name.fullName))
                \(row("Ngày sinh", "Date of birth", p.dateOfBirth.description))
                \(row("Giới tính", "Sex", p.sex.vietnamese))
                \(row("Dân tộc", "Ethnicity", reference.ethnicity(p.ethnicity)?.name ?? p.ethnicity))
                \(row("Quốc tịch", "Nationality", reference.nationality(p.nationality)?.vietnameseName ?? p.nationality))
                \(row("Nơi thường trú", "Permanent residence", place(p.permanentResidence?.place, reference)))
                \(row("Nơi tạm trú", "Temporary residence", place(p.temporaryResidence?.place, reference)))
                \(row("Nơi ở hiện tại", "Current residence", place(p.currentResidence, reference)))
                \(row("Số điện thoại", "Phone", p.phone ?? "—"))
                \(row("Thư điện tử", "E-mail", p.email ?? "—"))
                </dl>
                <p>Thông tin chưa đúng? Hãy đề nghị Công an xã, phường nơi bạn cư trú điều chỉnh.<br><span class="en">Something wrong? Ask the police of your ward to correct it.</span></p>
                """
        case .foreigner(let c):
            let kind = c.kind == .permanent ? "Thẻ thường trú / permanent residence card" : "Thẻ tạm trú / temporary residence card"
            return """
                <h2 id="record">Thẻ cư trú <span class="en">My residence card</span></h2>
                <dl>
                \(row("Loại thẻ", "Card", kind))
                \(row("Số thẻ", "Number", c.number))
                \(row("Họ và tên", "Name", c.name))
                \(row("Ngày sinh", "Date of birth", c.dateOfBirth.description))
                \(row("Giới tính", "Sex", c.sex.vietnamese))
                \(row("Quốc tịch", "Nationality", reference.nationality(c.nationality)?.vietnameseName ?? c.nationality))
                \(row("Có giá trị đến", "Valid until", c.validUntil.description))
                \(row("Cơ quan cấp", "Issued by", c.issuedBy))
                \(row("Nơi cư trú", "Residence", place(Place(provinceCode: reference.units.ward(c.wardCode)?.provinceCode, wardCode: c.wardCode), reference)))
                </dl>
                """
        }
    }

    static func consents(_ consents: [Consent], csrf: String) -> String {
        guard !consents.isEmpty else { return "<p>Chưa có. <span class=\"en\">None yet.</span></p>" }
        let rows = consents.map { c in
            let action = c.withdrawnAt == nil ? """
                <form method="post" action="/me/consents/withdraw"><input type="hidden" name="csrf" value="\(E.escape(csrf))">
                <input type="hidden" name="client_id" value="\(E.escape(c.clientId))">
                <button type="submit" name="withdraw" value="\(E.escape(c.clientId))">Rút lại / Withdraw</button></form>
                """ : "Đã rút lại \(time(c.withdrawnAt ?? 0)) <span class=\"en\">withdrawn</span>"
            let fields = c.scopes.compactMap(Scope.init(rawValue:)).filter { $0 != .openid }.map { E.escape($0.vietnamese) }.joined(separator: ", ")
            return "<tr><td>\(E.escape(c.clientName))</td><td>\(fields)</td><td>\(E.escape(CitizenWords.purpose(c.purpose).vi)) <span class=\"en\">\(E.escape(CitizenWords.purpose(c.purpose).en))</span><br>\(E.escape(c.legalBasis))</td><td>\(time(c.grantedAt))</td><td>\(action)</td></tr>"
        }
        return """
            <table><tr><th>Dịch vụ <span class="en">Service</span></th><th>Thông tin <span class="en">Data</span></th><th>Mục đích <span class="en">Purpose</span></th><th>Từ <span class="en">Since</span></th><th></th></tr>
            \(rows.joined(separator: "\n"))
            </table>
            """
    }

    static func accessLog(_ items: [CitizenAccessLog.Item]) -> String {
        guard !items.isEmpty else { return "<p>Chưa có. <span class=\"en\">Nobody yet.</span></p>" }
        let rows = items.map { e in
            let outcome = e.decision == .allowed ? "" : " <span class=\"error\">(từ chối / refused)</span>"
            let role = e.who == "Bạn" ? "<span class=\"en\">you</span>" : "<span class=\"en\">\(E.escape(roleLabel(e.role)))</span>"
            let action = CitizenWords.action(e.action), purpose = CitizenWords.purpose(e.purpose)
            return "<tr><td>\(time(e.micros))</td><td>\(E.escape(e.who)) \(role)</td><td>\(E.escape(action.vi)) <span class=\"en\">\(E.escape(action.en))</span>\(outcome)</td><td>\(E.escape(purpose.vi)) <span class=\"en\">\(E.escape(purpose.en))</span>\(e.legalBasis.map { "<br><small>" + E.escape($0) + "</small>" } ?? "")</td><td>\(E.escape(e.fieldsText))</td></tr>"
        }
        return """
            <table><tr><th>Lúc (giờ Việt Nam) <span class="en">When (ICT)</span></th><th>Ai <span class="en">Who</span></th><th>Việc <span class="en">What</span></th><th>Mục đích <span class="en">Why</span></th><th>Thông tin <span class="en">Which data</span></th></tr>
            \(rows.joined(separator: "\n"))
            </table>
            """
    }

    static func roleLabel(_ role: String) -> String {
        switch Role(rawValue: role) {
        case .communeOfficer: "Công an cấp xã / ward police"
        case .provinceOfficer: "Công an cấp tỉnh / province police"
        case .centralOfficer: "C06 / central police"
        case .auditor: "kiểm tra / auditor"
        case .administrator: "quản trị / administrator"
        case .relyingParty: "dịch vụ / relying party"
        case .citizen: "công dân / citizen"
        case .system: "hệ thống / system"
        case nil: role
        }
    }

    static func row(_ vietnamese: String, _ english: String, _ value: String) -> String {
        "<dt>\(E.escape(vietnamese)) <span class=\"en\">\(E.escape(english))</span></dt><dd>\(E.escape(value))</dd>"
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
