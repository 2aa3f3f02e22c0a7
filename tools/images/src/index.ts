export { buildImages, formatSize, triadImageLabel, type BuildOptions, type ImageReport } from './build';
export { imagesHelp, runImagesCommand, type ImagesCommandIo } from './command';
export { debianBaseTag, ensureDebianBase } from './debian-base';
export { imageDefinitions, imageNames, serviceImageNames, type ImageDefinition, type ImageName } from './definitions';
export { connectEngine } from './engine';
export { ImagesError } from './errors';
