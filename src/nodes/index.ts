// The nodes feature's public face: `node(id)`/`nodes(ids)` over every type that implements
// Node (libs/core node.ts). It reads through the other features' public faces, so it sits
// above them all (.dependency-cruiser.cjs).
export { NodesModule } from './nodes.module';
