;; WASM SIMD (f32x4) kernels of the learned space's trainer (src/learn/softmax.ts): the softmax's
;; logits and gradients for four anchors per pass over the step's candidates. Compiled to bytes by
;; tools/wasm/build.ts (wabt, at `npm install`) into kernels.generated.ts beside this file.
;;
;; Rows are `d` float32 values (d a multiple of 4) in one memory. `at` lists each candidate's row
;; as a byte offset from the start of the rows (`u`, and the same offset in `grad`); anchors are
;; absolute byte addresses. Sums run in float32, four lanes, reduced as (l0 + l1) + (l2 + l3): the
;; same inputs give the same bits on every engine (WASM has no fused multiply-add here).
(module
  (import "env" "memory" (memory 1))

  (func $sum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; out[b * m + c] = inv * (row a_b . row at[c]) for b = 0..3, c = 0..m-1 (out: float32).
  (func (export "logits4")
    (param $u i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (param $at i32) (param $m i32) (param $d i32) (param $inv f32) (param $out i32)
    (local $c i32) (local $p i32) (local $k i32) (local $bytes i32) (local $row i32) (local $o i32)
    (local $x v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $bytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $row (i32.shl (local.get $m) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $c) (local.get $m)))
        (local.set $p (i32.add (local.get $u)
          (i32.load (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $s0 (v128.const i64x2 0 0))
        (local.set $s1 (v128.const i64x2 0 0))
        (local.set $s2 (v128.const i64x2 0 0))
        (local.set $s3 (v128.const i64x2 0 0))
        (local.set $k (i32.const 0))
        (block $dims_done
          (loop $dims
            (br_if $dims_done (i32.ge_u (local.get $k) (local.get $bytes)))
            (local.set $x (v128.load (i32.add (local.get $p) (local.get $k))))
            (local.set $s0 (f32x4.add (local.get $s0)
              (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $a0) (local.get $k))))))
            (local.set $s1 (f32x4.add (local.get $s1)
              (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $a1) (local.get $k))))))
            (local.set $s2 (f32x4.add (local.get $s2)
              (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $a2) (local.get $k))))))
            (local.set $s3 (f32x4.add (local.get $s3)
              (f32x4.mul (local.get $x) (v128.load (i32.add (local.get $a3) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $dims)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (f32.store (local.get $o) (f32.mul (local.get $inv) (call $sum (local.get $s0))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f32.store (local.get $o) (f32.mul (local.get $inv) (call $sum (local.get $s1))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f32.store (local.get $o) (f32.mul (local.get $inv) (call $sum (local.get $s2))))
        (local.set $o (i32.add (local.get $o) (local.get $row)))
        (f32.store (local.get $o) (f32.mul (local.get $inv) (call $sum (local.get $s3))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $each))))

  ;; With g_bc = coef[b * m + c] * scale (coef: float32, 4 rows of m):
  ;;   acc[b] += sum_c g_bc * row at[c]      (acc: 4 rows of d float32, the anchors' gradients)
  ;;   grad[at[c]] += sum_b g_bc * row a_b   (each candidate's gradient, in place)
  ;; A candidate whose four coefficients are all 0 is skipped.
  (func (export "grads4")
    (param $u i32) (param $grad i32) (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (param $at i32) (param $m i32) (param $d i32) (param $coef i32) (param $scale f32) (param $acc i32)
    (local $c i32) (local $off i32) (local $p i32) (local $q i32) (local $k i32) (local $bytes i32) (local $row i32)
    (local $g0 f32) (local $g1 f32) (local $g2 f32) (local $g3 f32) (local $cp i32)
    (local $x v128) (local $G0 v128) (local $G1 v128) (local $G2 v128) (local $G3 v128) (local $r i32)
    (local.set $bytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $row (i32.shl (local.get $m) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $c) (local.get $m)))
        (local.set $cp (i32.add (local.get $coef) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $g0 (f32.mul (f32.load (local.get $cp)) (local.get $scale)))
        (local.set $cp (i32.add (local.get $cp) (local.get $row)))
        (local.set $g1 (f32.mul (f32.load (local.get $cp)) (local.get $scale)))
        (local.set $cp (i32.add (local.get $cp) (local.get $row)))
        (local.set $g2 (f32.mul (f32.load (local.get $cp)) (local.get $scale)))
        (local.set $cp (i32.add (local.get $cp) (local.get $row)))
        (local.set $g3 (f32.mul (f32.load (local.get $cp)) (local.get $scale)))
        (if (i32.eqz (i32.and
              (i32.and (f32.eq (local.get $g0) (f32.const 0)) (f32.eq (local.get $g1) (f32.const 0)))
              (i32.and (f32.eq (local.get $g2) (f32.const 0)) (f32.eq (local.get $g3) (f32.const 0)))))
          (then
            (local.set $off (i32.load (i32.add (local.get $at) (i32.shl (local.get $c) (i32.const 2)))))
            (local.set $p (i32.add (local.get $u) (local.get $off)))
            (local.set $q (i32.add (local.get $grad) (local.get $off)))
            (local.set $G0 (f32x4.splat (local.get $g0)))
            (local.set $G1 (f32x4.splat (local.get $g1)))
            (local.set $G2 (f32x4.splat (local.get $g2)))
            (local.set $G3 (f32x4.splat (local.get $g3)))
            (local.set $k (i32.const 0))
            (block $dims_done
              (loop $dims
                (br_if $dims_done (i32.ge_u (local.get $k) (local.get $bytes)))
                (local.set $x (v128.load (i32.add (local.get $p) (local.get $k))))
                (local.set $r (i32.add (local.get $acc) (local.get $k)))
                (v128.store (local.get $r)
                  (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G0) (local.get $x))))
                (local.set $r (i32.add (local.get $r) (local.get $bytes)))
                (v128.store (local.get $r)
                  (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G1) (local.get $x))))
                (local.set $r (i32.add (local.get $r) (local.get $bytes)))
                (v128.store (local.get $r)
                  (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G2) (local.get $x))))
                (local.set $r (i32.add (local.get $r) (local.get $bytes)))
                (v128.store (local.get $r)
                  (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G3) (local.get $x))))
                (local.set $r (i32.add (local.get $q) (local.get $k)))
                (v128.store (local.get $r)
                  (f32x4.add (v128.load (local.get $r))
                    (f32x4.add
                      (f32x4.add
                        (f32x4.mul (local.get $G0) (v128.load (i32.add (local.get $a0) (local.get $k))))
                        (f32x4.mul (local.get $G1) (v128.load (i32.add (local.get $a1) (local.get $k)))))
                      (f32x4.add
                        (f32x4.mul (local.get $G2) (v128.load (i32.add (local.get $a2) (local.get $k))))
                        (f32x4.mul (local.get $G3) (v128.load (i32.add (local.get $a3) (local.get $k))))))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $dims)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $each))))
;; out[k] = row k of w . x for k = 0..outs-1 (w: outs rows of n float32, x: n float32; n a
  ;; multiple of 4). Four rows of w per pass over x.
  (func (export "project")
    (param $w i32) (param $x i32) (param $n i32) (param $outs i32) (param $out i32)
    (local $k i32) (local $t i32) (local $bytes i32) (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $v v128) (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $k) (local.get $outs)))
        (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $k) (local.get $bytes))))
        (local.set $w1 (i32.add (local.get $w0) (local.get $bytes)))
        (local.set $w2 (i32.add (local.get $w1) (local.get $bytes)))
        (local.set $w3 (i32.add (local.get $w2) (local.get $bytes)))
        (local.set $s0 (v128.const i64x2 0 0))
        (local.set $s1 (v128.const i64x2 0 0))
        (local.set $s2 (v128.const i64x2 0 0))
        (local.set $s3 (v128.const i64x2 0 0))
        (local.set $t (i32.const 0))
        (block $dims_done
          (loop $dims
            (br_if $dims_done (i32.ge_u (local.get $t) (local.get $bytes)))
            (local.set $v (v128.load (i32.add (local.get $x) (local.get $t))))
            (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $w0) (local.get $t))))))
            (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $w1) (local.get $t))))))
            (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $w2) (local.get $t))))))
            (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $v) (v128.load (i32.add (local.get $w3) (local.get $t))))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $dims)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (call $sum (local.get $s0)))
        (f32.store offset=4 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (call $sum (local.get $s1)))
        (f32.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (call $sum (local.get $s2)))
        (f32.store offset=12 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (call $sum (local.get $s3)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $rows))))

  ;; Row k of dw += dz[k] * x for k = 0..outs-1 (dw: outs rows of n float32, dz: outs float32, x: n
  ;; float32; n and outs multiples of 4). Four rows of dw per pass over x.
  (func (export "outer")
    (param $dw i32) (param $x i32) (param $n i32) (param $outs i32) (param $dz i32)
    (local $k i32) (local $t i32) (local $bytes i32) (local $r i32)
    (local $v v128) (local $G0 v128) (local $G1 v128) (local $G2 v128) (local $G3 v128)
    (local.set $bytes (i32.shl (local.get $n) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $k) (local.get $outs)))
        (local.set $G0 (v128.load32_splat (i32.add (local.get $dz) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $G1 (v128.load32_splat offset=4 (i32.add (local.get $dz) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $G2 (v128.load32_splat offset=8 (i32.add (local.get $dz) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $G3 (v128.load32_splat offset=12 (i32.add (local.get $dz) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $t (i32.const 0))
        (block $dims_done
          (loop $dims
            (br_if $dims_done (i32.ge_u (local.get $t) (local.get $bytes)))
            (local.set $v (v128.load (i32.add (local.get $x) (local.get $t))))
            (local.set $r (i32.add (i32.add (local.get $dw) (i32.mul (local.get $k) (local.get $bytes))) (local.get $t)))
            (v128.store (local.get $r) (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G0) (local.get $v))))
            (local.set $r (i32.add (local.get $r) (local.get $bytes)))
            (v128.store (local.get $r) (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G1) (local.get $v))))
            (local.set $r (i32.add (local.get $r) (local.get $bytes)))
            (v128.store (local.get $r) (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G2) (local.get $v))))
            (local.set $r (i32.add (local.get $r) (local.get $bytes)))
            (v128.store (local.get $r) (f32x4.add (v128.load (local.get $r)) (f32x4.mul (local.get $G3) (local.get $v))))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))
            (br $dims)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $rows))))
;; The largest of m float32 values at p (m a multiple of 4 or not: the tail is read one by one).
  (func (export "max") (param $p i32) (param $m i32) (result f32)
    (local $i i32) (local $v v128) (local $best f32) (local $end i32)
    (local.set $v (f32x4.splat (f32.const -inf)))
    (local.set $end (i32.and (local.get $m) (i32.const -4)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (f32x4.max (local.get $v) (v128.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each)))
    (local.set $best (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.max (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $best (f32.max (local.get $best) (f32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $best))

  ;; exp(x) for four float32 x <= 0 (the caller subtracts the maximum): 0 below -87 (and for
  ;; -Infinity), else 2^n * p(r) with n = round(x / ln 2), r = x - n ln 2 (ln 2 in two parts, as
  ;; Cephes' expf does) and p its degree-6 Taylor polynomial: relative error under 3e-7 here.
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128) (local $ok v128)
    (local.set $ok (f32x4.ge (local.get $x) (f32x4.splat (f32.const -87))))
    (local.set $x (f32x4.max (local.get $x) (f32x4.splat (f32.const -87))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
      (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    ;; Horner: 1 + r (1 + r/2 (1 + r/3 (1 + r/4 (1 + r/5 (1 + r/6)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.16666667)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.2))) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.25))) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.33333334))) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (f32x4.mul (local.get $r) (f32x4.splat (f32.const 0.5))) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
    ;; 2^n as float bits: (n + 127) << 23.
    (v128.and (local.get $ok)
      (f32x4.mul (local.get $p)
        (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23)))))

  ;; p[c] = exp(p[c] - shift) for c < m, in place; returns their sum (float32 lanes, then
  ;; (l0 + l1) + (l2 + l3), then the tail). The tail beyond a multiple of 4 goes one lane at a time.
  (func (export "exp_sum") (param $p i32) (param $m i32) (param $shift f32) (result f32)
    (local $i i32) (local $end i32) (local $a i32) (local $e v128) (local $s v128) (local $total f32)
    (local.set $end (i32.and (local.get $m) (i32.const -4)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $e (call $exp4 (f32x4.sub (v128.load (local.get $a)) (f32x4.splat (local.get $shift)))))
        (v128.store (local.get $a) (local.get $e))
        (local.set $s (f32x4.add (local.get $s) (local.get $e)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each)))
    (local.set $total (call $sum (local.get $s)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $e (call $exp4 (f32x4.splat (f32.sub (f32.load (local.get $a)) (local.get $shift)))))
        (f32.store (local.get $a) (f32x4.extract_lane 0 (local.get $e)))
        (local.set $total (f32.add (local.get $total) (f32x4.extract_lane 0 (local.get $e))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $total))

  ;; p[c] *= w for c < m.
  (func (export "scale") (param $p i32) (param $m i32) (param $w f32)
    (local $i i32) (local $end i32) (local $a i32)
    (local.set $end (i32.and (local.get $m) (i32.const -4)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (local.get $a) (f32x4.mul (v128.load (local.get $a)) (f32x4.splat (local.get $w))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each)))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
        (f32.store (local.get $a) (f32.mul (f32.load (local.get $a)) (local.get $w)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
)
