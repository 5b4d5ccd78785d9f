;; WASM SIMD (v128) scoring kernels of the vector index. Compiled to bytes by tools/wasm/build.ts
;; (wabt, at `npm install`) into kernels.generated.ts; loaded by wasm.ts. kernels/js.ts is the
;; JavaScript twin of every function here and must produce bit-identical results, so the two paths
;; rank identically: float sums use f64 in a fixed lane order, integer sums are exact.
;;
;; Every function scores `count` rows of one code matrix against one prepared query:
;;   rows = 0       -> rows start, start+1, ..., start+count-1
;;   rows = pointer -> the row ids rows[0..count) (an i32 array), `start` ignored
;; A row's code starts at base + row * stride (bytes). Address 0 is never a row list (the memory
;; layout reserves the first 64 bytes, see memory.ts).
(module
  (import "env" "memory" (memory 1))

  ;; The row id of the i-th row visited.
  (func $row_at (param $rows i32) (param $start i32) (param $i i32) (result i32)
    (if (result i32) (local.get $rows)
      (then (i32.load (i32.add (local.get $rows) (i32.shl (local.get $i) (i32.const 2)))))
      (else (i32.add (local.get $start) (local.get $i)))))

;; Inner products of 16-bit rows with a query held as f64 (q, dims values): a row is its f32
  ;; scale, 12 bytes of padding (rows stay 16-byte aligned), then dims int16 codes (a multiple of 8, zero-padded); it stands for
  ;; code * scale. Products of an int16 and a float32 value are exact in f64, summed in dot_f32's
  ;; 8 lanes and order; the sum is then multiplied by the scale (one rounding).
  (func (export "dot_i16")
    (param $q i32) (param $base i32) (param $stride i32) (param $dims i32)
    (param $rows i32) (param $start i32) (param $count i32) (param $out i32)
    (local $i i32) (local $row i32) (local $p i32) (local $end i32) (local $qp i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $lo v128) (local $hi v128) (local $t v128)
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $row (i32.add (local.get $base)
          (i32.mul (call $row_at (local.get $rows) (local.get $start) (local.get $i)) (local.get $stride))))
        (local.set $p (i32.add (local.get $row) (i32.const 16)))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $dims) (i32.const 1))))
        (local.set $qp (local.get $q))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (block $dims_done
          (loop $each_8
            (br_if $dims_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $lo (i32x4.extend_low_i16x8_s (v128.load (local.get $p))))
            (local.set $hi (i32x4.extend_high_i16x8_s (v128.load (local.get $p))))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $lo)) (v128.load (local.get $qp)))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul
                (f64x2.convert_low_i32x4_s
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $lo) (local.get $lo)))
                (v128.load offset=16 (local.get $qp)))))
            (local.set $a2 (f64x2.add (local.get $a2)
              (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $hi)) (v128.load offset=32 (local.get $qp)))))
            (local.set $a3 (f64x2.add (local.get $a3)
              (f64x2.mul
                (f64x2.convert_low_i32x4_s
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $hi) (local.get $hi)))
                (v128.load offset=48 (local.get $qp)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
            (br $each_8)))
        (local.set $t (f64x2.add
          (f64x2.add (local.get $a0) (local.get $a1))
          (f64x2.add (local.get $a2) (local.get $a3))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64.mul
            (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t)))
            (f64.promote_f32 (f32.load (local.get $row)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row))))

  ;; Exact inner products of float32 rows with a query held as f64 (q, dims values).
  ;; dims is a multiple of 8 (rows and query are zero-padded). Products of two float32 values are
  ;; exact in f64; sums go to 8 lanes (value d -> lane d mod 8, four f64x2 accumulators), reduced
  ;; as ((l0+l2)+(l4+l6)) + ((l1+l3)+(l5+l7)). out[i] (f64) is the score of the i-th row visited.
  (func (export "dot_f32")
    (param $q i32) (param $base i32) (param $stride i32) (param $dims i32)
    (param $rows i32) (param $start i32) (param $count i32) (param $out i32)
    (local $i i32) (local $p i32) (local $end i32) (local $qp i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $x v128) (local $y v128) (local $t v128)
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $p (i32.add (local.get $base)
          (i32.mul (call $row_at (local.get $rows) (local.get $start) (local.get $i)) (local.get $stride))))
        (local.set $end (i32.add (local.get $p) (i32.shl (local.get $dims) (i32.const 2))))
        (local.set $qp (local.get $q))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (block $dims_done
          (loop $each_8
            (br_if $dims_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $x (v128.load (local.get $p)))
            (local.set $y (v128.load offset=16 (local.get $p)))
            (local.set $a0 (f64x2.add (local.get $a0)
              (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (v128.load (local.get $qp)))))
            (local.set $a1 (f64x2.add (local.get $a1)
              (f64x2.mul
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))
                (v128.load offset=16 (local.get $qp)))))
            (local.set $a2 (f64x2.add (local.get $a2)
              (f64x2.mul (f64x2.promote_low_f32x4 (local.get $y)) (v128.load offset=32 (local.get $qp)))))
            (local.set $a3 (f64x2.add (local.get $a3)
              (f64x2.mul
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y)))
                (v128.load offset=48 (local.get $qp)))))
            (local.set $p (i32.add (local.get $p) (i32.const 32)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
            (br $each_8)))
        (local.set $t (f64x2.add
          (f64x2.add (local.get $a0) (local.get $a1))
          (f64x2.add (local.get $a2) (local.get $a3))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64x2.extract_lane 0 (local.get $t)) (f64x2.extract_lane 1 (local.get $t))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row))))

  ;; Integer inner products of int8 codes with an int16 query (q, stride values): the query keeps
  ;; 15 bits where an int8 query would keep 7, at the same speed (i32x4.dot_i16x8_s multiplies
  ;; int16 pairs either way). stride (bytes per code) is a multiple of 16, padding is zero.
  ;; Sums wrap in i32; the caller bounds the query so the true total fits, which makes the result
  ;; exact whatever the summation order. out[i] (i32) is the score of the i-th row visited.
  (func (export "dot_i8")
    (param $q i32) (param $base i32) (param $stride i32)
    (param $rows i32) (param $start i32) (param $count i32) (param $out i32)
    (local $i i32) (local $p i32) (local $end i32) (local $qp i32)
    (local $a0 v128) (local $a1 v128) (local $c v128) (local $t v128)
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $p (i32.add (local.get $base)
          (i32.mul (call $row_at (local.get $rows) (local.get $start) (local.get $i)) (local.get $stride))))
        (local.set $end (i32.add (local.get $p) (local.get $stride)))
        (local.set $qp (local.get $q))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (block $codes_done
          (loop $each_16
            (br_if $codes_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $c (v128.load (local.get $p)))
            (local.set $a0 (i32x4.add (local.get $a0)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $c)) (v128.load (local.get $qp)))))
            (local.set $a1 (i32x4.add (local.get $a1)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $c)) (v128.load offset=16 (local.get $qp)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 32)))
            (br $each_16)))
        (local.set $t (i32x4.add (local.get $a0) (local.get $a1)))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $t)) (i32x4.extract_lane 1 (local.get $t)))
            (i32.add (i32x4.extract_lane 2 (local.get $t)) (i32x4.extract_lane 3 (local.get $t)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row))))

  ;; Hamming distances between binary codes and a binary query (q, stride bytes; stride a multiple
  ;; of 16, padding bits zero in both). out[i] (i32) is the distance of the i-th row visited; when
  ;; hist is not 0, hist[distance] (i32) is incremented too, for the caller's threshold selection.
  ;; Per-byte popcounts are widened to i16 lanes every 16 bytes (8 bits x 2 bytes per lane), which
  ;; cannot overflow below 2^15 / 16 * 128 bits, far above the largest supported dims.
  (func (export "hamming")
    (param $q i32) (param $base i32) (param $stride i32)
    (param $rows i32) (param $start i32) (param $count i32) (param $out i32) (param $hist i32)
    (local $i i32) (local $p i32) (local $end i32) (local $qp i32) (local $d i32)
    (local $acc v128) (local $t v128)
    (block $rows_done
      (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $p (i32.add (local.get $base)
          (i32.mul (call $row_at (local.get $rows) (local.get $start) (local.get $i)) (local.get $stride))))
        (local.set $end (i32.add (local.get $p) (local.get $stride)))
        (local.set $qp (local.get $q))
        (local.set $acc (v128.const i64x2 0 0))
        (block $codes_done
          (loop $each_16
            (br_if $codes_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $acc (i16x8.add (local.get $acc)
              (i16x8.extadd_pairwise_i8x16_u
                (i8x16.popcnt (v128.xor (v128.load (local.get $p)) (v128.load (local.get $qp)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $qp (i32.add (local.get $qp) (i32.const 16)))
            (br $each_16)))
        (local.set $t (i32x4.extadd_pairwise_i16x8_u (local.get $acc)))
        (local.set $d
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $t)) (i32x4.extract_lane 1 (local.get $t)))
            (i32.add (i32x4.extract_lane 2 (local.get $t)) (i32x4.extract_lane 3 (local.get $t)))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $d))
        (if (local.get $hist)
          (then
            (local.set $p (i32.add (local.get $hist) (i32.shl (local.get $d) (i32.const 2))))
            (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row))))

  ;; Writes to out the row ids (see the header) of the visited rows whose value (i32, one per
  ;; visited row in vals) is in (lo, hi], in visiting order; returns how many were written.
  (func (export "select_range")
    (param $vals i32) (param $lo i32) (param $hi i32)
    (param $rows i32) (param $start i32) (param $count i32) (param $out i32) (result i32)
    (local $i i32) (local $n i32) (local $v i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $v (i32.load (i32.add (local.get $vals) (i32.shl (local.get $i) (i32.const 2)))))
        (if (i32.and (i32.gt_s (local.get $v) (local.get $lo)) (i32.le_s (local.get $v) (local.get $hi)))
          (then
            (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
              (call $row_at (local.get $rows) (local.get $start) (local.get $i)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (local.get $n))

  ;; Encodes `dims` floats at src (dims a multiple of 16, zero-padded) as int8 codes at dst:
  ;; level = nearest_even((x - lo) * inv) in f32, clamped to [0, 255], stored as level - 128.
  ;; Returns how many values were clamped. lo and inv are f32 arrays of dims values.
  (func (export "encode_i8") (param $src i32) (param $lo i32) (param $inv i32) (param $dims i32) (param $dst i32) (result i32)
    (local $i i32) (local $cnt v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (block $done
      (loop $each_16
        (br_if $done (i32.ge_u (local.get $i) (local.get $dims)))
        (local.set $v0 (call $level (local.get $src) (local.get $lo) (local.get $inv) (i32.shl (local.get $i) (i32.const 2))))
        (local.set $v1 (call $level (local.get $src) (local.get $lo) (local.get $inv) (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 16))))
        (local.set $v2 (call $level (local.get $src) (local.get $lo) (local.get $inv) (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 32))))
        (local.set $v3 (call $level (local.get $src) (local.get $lo) (local.get $inv) (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 48))))
        (local.set $cnt (i32x4.add (local.get $cnt)
          (i32x4.add (i32x4.add (call $outside (local.get $v0)) (call $outside (local.get $v1)))
                     (i32x4.add (call $outside (local.get $v2)) (call $outside (local.get $v3))))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.narrow_i16x8_s
            (i16x8.narrow_i32x4_s (call $code (local.get $v0)) (call $code (local.get $v1)))
            (i16x8.narrow_i32x4_s (call $code (local.get $v2)) (call $code (local.get $v3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $each_16)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $cnt)) (i32x4.extract_lane 1 (local.get $cnt)))
      (i32.add (i32x4.extract_lane 2 (local.get $cnt)) (i32x4.extract_lane 3 (local.get $cnt)))))

;; The largest |x| of the f32 values at src (dims a multiple of 8, zero-padded).
  (func (export "max_abs_f32") (param $src i32) (param $dims i32) (result f32)
    (local $p i32) (local $end i32) (local $m v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $dims) (i32.const 2))))
    (local.set $p (local.get $src))
    (block $done
      (loop $each_4
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (f32x4.max (local.get $m) (f32x4.abs (v128.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $each_4)))
    (f32.max
      (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
      (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))

  ;; Int16 codes of the f32 values at src (dims a multiple of 8) into dst:
  ;; code = round-half-even(f32(x * inv)), saturated to [-32768, 32767].
  (func (export "encode_i16") (param $src i32) (param $inv f32) (param $dims i32) (param $dst i32)
    (local $i i32) (local $k v128)
    (local.set $k (f32x4.splat (local.get $inv)))
    (block $done
      (loop $each_8
        (br_if $done (i32.ge_u (local.get $i) (local.get $dims)))
        (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
          (i16x8.narrow_i32x4_s
            (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul
              (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (local.get $k))))
            (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul
              (v128.load offset=16 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (local.get $k))))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $each_8))))

  ;; nearest_even((src - lo) * inv) for the 4 floats at byte offset $o of each array.
  (func $level (param $src i32) (param $lo i32) (param $inv i32) (param $o i32) (result v128)
    (f32x4.nearest (f32x4.mul
      (f32x4.sub (v128.load (i32.add (local.get $src) (local.get $o))) (v128.load (i32.add (local.get $lo) (local.get $o))))
      (v128.load (i32.add (local.get $inv) (local.get $o))))))

  ;; 1 per lane whose level is outside [0, 255].
  (func $outside (param $v v128) (result v128)
    (i32x4.neg (v128.or
      (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))
      (f32x4.gt (local.get $v) (v128.const f32x4 255 255 255 255)))))

  ;; The int8 code (as i32 lanes) of 4 levels: clamp to [0, 255], minus 128.
  (func $code (param $v v128) (result v128)
    (i32x4.sub
      (i32x4.trunc_sat_f32x4_s
        (f32x4.min (f32x4.max (local.get $v) (v128.const f32x4 0 0 0 0)) (v128.const f32x4 255 255 255 255)))
      (v128.const i32x4 128 128 128 128)))

  ;; Encodes `dims` floats at src (dims a multiple of 16, zero-padded) as bits at dst: bit d of
  ;; the little-endian bit string is src[d] > mean[d] (f32 compare).
  (func (export "encode_bits") (param $src i32) (param $mean i32) (param $dims i32) (param $dst i32)
    (local $i i32) (local $p i32)
    (block $done
      (loop $each_16
        (br_if $done (i32.ge_u (local.get $i) (local.get $dims)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (i32.store16 (i32.add (local.get $dst) (i32.shr_u (local.get $i) (i32.const 3)))
          (i8x16.bitmask
            (i8x16.narrow_i16x8_s
              (i16x8.narrow_i32x4_s
                (f32x4.gt (v128.load (i32.add (local.get $src) (local.get $p))) (v128.load (i32.add (local.get $mean) (local.get $p))))
                (f32x4.gt (v128.load offset=16 (i32.add (local.get $src) (local.get $p))) (v128.load offset=16 (i32.add (local.get $mean) (local.get $p)))))
              (i16x8.narrow_i32x4_s
                (f32x4.gt (v128.load offset=32 (i32.add (local.get $src) (local.get $p))) (v128.load offset=32 (i32.add (local.get $mean) (local.get $p))))
                (f32x4.gt (v128.load offset=48 (i32.add (local.get $src) (local.get $p))) (v128.load offset=48 (i32.add (local.get $mean) (local.get $p))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $each_16))))
)
