/** edXML messages (QCVN 102:2016/BTTTT): writing, hardened parsing, and the exchange endpoint. */
@NullMarked
package vn.truongson.document.edxml;

import org.jspecify.annotations.NullMarked;
