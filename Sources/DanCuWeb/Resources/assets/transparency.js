// Checks, in the citizen's own browser, that each line of "who used my data" on /me is in DanCu's public
// transparency log (docs/transparency.md), trusting nothing the page says but the log's key:
//   1. the checkpoint is signed by the log's Ed25519 key (C2SP signed note; the vkey's key ID is checked);
//   2. the line's public entry carries the line's action and time, and its commitment opens, with the
//      opening given, to bytes that name this citizen as the subject;
//   3. the entry's leaf hash and the inclusion proof (RFC 9162 §2.1.3.2) lead to the checkpoint's root.
// Each line then says "đã xác minh / verified", or why not. No library and no build step: WebCrypto only.
// A `transparency:verify` event on the document checks again (the browser test alters a proof, then asks).
"use strict";
(() => {
  const box = document.getElementById("transparency-log");
  if (!box) return;
  const utf8 = new TextEncoder();
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const join = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const sha256 = async (data) => new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  const node = (left, right) => sha256(join([1], left, right));

  // The checkpoint: "origin\nsize\nroot\n", a blank line, then "— name base64(keyID || signature)" lines.
  async function checkpoint() {
    const [name, keyID, material] = box.dataset.vkey.split(/\+(.*?)\+(.*)/s).filter((p) => p !== "");
    const key = bytes(material);
    if (key[0] !== 1 || key.length !== 33) throw new Error("khóa không phải Ed25519 / the log's key is not Ed25519");
    const id = (await sha256(join(utf8.encode(name + "\n"), key))).slice(0, 4);
    if ([...id].map((b) => b.toString(16).padStart(2, "0")).join("") !== keyID) throw new Error("mã khóa sai / the key ID does not match");
    const note = box.dataset.checkpoint;
    const cut = note.lastIndexOf("\n\n");
    const text = note.slice(0, cut + 1);
    const publicKey = await crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
    let signed = false;
    for (const line of note.slice(cut + 2).split("\n")) {
      const [dash, signer, signature] = line.split(" ");
      if (dash !== "\u2014" || signer !== name) continue;
      const sig = bytes(signature);
      if (!same(sig.slice(0, 4), id)) continue;
      if (!(await crypto.subtle.verify({ name: "Ed25519" }, publicKey, sig.slice(4), utf8.encode(text)))) {
        throw new Error("chữ ký không hợp lệ / the checkpoint's signature is not valid");
      }
      signed = true;
    }
    if (!signed) throw new Error("không có chữ ký của nhật ký / the checkpoint is not signed by the log");
    const [origin, size, root] = text.split("\n");
    return { origin, size: Number(size), root: bytes(root) };
  }

  // RFC 9162 §2.1.3.2.
  async function included(leafHash, index, size, proof, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leafHash;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await node(p, r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await node(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && same(r, root);
  }

  async function line(cell, head) {
    const d = cell.dataset;
    if (!d.entry) return "đang chờ bản ghi kế tiếp / pending: newer than the last checkpoint";
    const entry = bytes(d.entry);
    const shown = JSON.parse(new TextDecoder().decode(entry));
    if (shown.action !== d.action || String(shown.at) !== d.micros) throw new Error("không khớp dòng này / the entry is not this line");
    const committed = utf8.encode(d.committed);
    const opened = await sha256(join(utf8.encode("dancu/transparency/v1/commitment\n"), bytes(d.opening), committed));
    if (!same(opened, bytes(shown.commitment))) throw new Error("cam kết không mở được / the commitment does not open");
    if (JSON.parse(d.committed).subject !== box.dataset.subject) throw new Error("không phải về bạn / the entry is not about you");
    const proof = d.path ? d.path.split(",").map(bytes) : [];
    if (!(await included(await sha256(join([0], entry)), Number(d.leaf), head.size, proof, head.root))) {
      throw new Error("bằng chứng sai / the inclusion proof does not lead to the checkpoint");
    }
    return null;
  }

  async function verify() {
    const cells = document.querySelectorAll("td.proof[data-leaf]");
    let head;
    try { head = await checkpoint(); } catch (e) {
      for (const cell of cells) { cell.textContent = "chưa xác minh / not verified: " + e.message; cell.className = "proof unverified"; }
      return;
    }
    for (const cell of cells) {
      try {
        const pending = await line(cell, head);
        cell.textContent = pending ?? "đã xác minh / verified";
        cell.className = pending ? "proof pending" : "proof verified";
      } catch (e) {
        cell.textContent = "chưa xác minh / not verified: " + e.message;
        cell.className = "proof unverified";
      }
    }
    document.body.dataset.transparency = "checked";
  }

  document.addEventListener("transparency:verify", verify);
  verify();
})();
