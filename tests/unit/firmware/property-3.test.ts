import { propertyTestPart } from './property-part.js';

// Part 3 of the firmware property test; property-part.ts says why it comes in parts.
propertyTestPart(3);
