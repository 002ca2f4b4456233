/**
 * Official documents per Decree 30/2020/NĐ-CP (công tác văn thư): drafting, personal and agency signatures,
 * numbering from the outgoing and incoming registers (sổ đăng ký văn bản đi/đến), secrecy-aware sending,
 * receipt, handling assignments with deadlines, and edXML exchange (QCVN 102:2016).
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"access", "audit", "org", "calendar", "files", "notify", "paper", "signing", "core", "runtime"})
package vn.truongson.document;

import org.jspecify.annotations.NullMarked;
