// The pure phash pieces, bit-identical to Stash (goimagehash v1.1.0 PerceptionHash on a 5×5 montage).
export { decodeBmp } from './bmp.js';
export { createImage, type RgbaImage } from './image.js';
export { dct1d64, dct2d64, goCosTable, GO_COS_TABLE_HEX, leeDct } from './lee-dct.js';
export { combineImages } from './montage.js';
export { createWeights8, nfntResizeBilinear } from './nfnt-resize.js';
export { hashFromCoefficients, perceptionHash } from './perception-hash.js';
export { formatPhash, hammingDistance, parsePhash } from './phash-hex.js';
