// Shared hardware-acceleration types. Hardware is used only for the preview encode, where Stash's
// bytes cannot be matched anyway (docs/stash-spec.md §5); every frame grab stays in software.

export const HW_BACKENDS = ['vaapi', 'qsv', 'nvenc'] as const;
export type HwBackend = (typeof HW_BACKENDS)[number];

// `auto`: use whatever passed detection, fall back to software; `off`: never; a backend: required.
export const HW_ACCEL_MODES = ['auto', 'off', ...HW_BACKENDS] as const;
export type HwAccelMode = (typeof HW_ACCEL_MODES)[number];

// One hardware encode chain, as argv fragments around Stash's preview command.
export interface HwChain {
  readonly backend: HwBackend;
  /** Render node (`/dev/dri/renderD128`) or GPU index (`0`); what detection tested. */
  readonly device: string;
  /** ffmpeg encoder name, e.g. `h264_vaapi`. */
  readonly encoder: string;
  /** Whether the chain also decodes on the GPU. */
  readonly hwDecode: boolean;
  /** Input-side options: device init (and hw decode), placed before the user's input args. */
  readonly inputArgs: readonly string[];
  /** The `-vf` value that replaces Stash's `scale=<width>:-2`. */
  readonly videoFilter: string;
  /** Rate control / quality options placed after `-c:v <encoder> -vf <filter>`. */
  readonly codecArgs: readonly string[];
}

export interface HwChainOptions {
  /** Output width; the height keeps the aspect ratio, even. @default 640 */
  readonly width?: number;
  /** Decode on the GPU too (falls back to software in `auto` if a file's codec is unsupported). @default false */
  readonly hwDecode?: boolean;
  /** Constant quality (qp / global_quality / cq). @default 21 */
  readonly quality?: number;
}

// What detection found for one backend on one device.
export interface HwCapability {
  readonly backend: HwBackend;
  readonly device: string;
  readonly encoder: string;
  readonly passed: boolean;
  /** `ok`, or why the test encode failed (last stderr line, timeout, …). */
  readonly reason: string;
}

// The encoder a preview uses: Stash's libx264, or a hardware chain (`required` unless mode was auto).
export type EncoderChoice =
  | { readonly kind: 'software' }
  | { readonly kind: 'hardware'; readonly chain: HwChain; readonly required: boolean };

export const SOFTWARE_ENCODER: EncoderChoice = Object.freeze({ kind: 'software' });
