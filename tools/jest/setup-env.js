// Nest's DI needs reflect-metadata loaded before any decorated class.
require('reflect-metadata');
