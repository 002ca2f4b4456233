/**
 * edXML messages (QCVN 102:2016/BTTTT): writing, hardened parsing, and the exchange endpoint. The message model
 * and writer are a named interface: edXML is the format other agencies (and the demo's incoming mail) speak.
 */
@NullMarked
@org.springframework.modulith.NamedInterface("edxml")
package vn.truongson.document.edxml;

import org.jspecify.annotations.NullMarked;
